package dev.payroute.ops;

import dev.payroute.domain.CardNumbers;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last failure of each route, for the route views: the time, the exception's type and message, and whether
 * the route's error handling answered it (a problem reply, a dead letter) or the exchange failed. Camel's route
 * MBean has the time and exchange id of the last failure but not what it was. A failure is the route's where the
 * error handler caught it (Exchange.FAILURE_ROUTE_ID), else the route the exchange started in.
 */
public final class RouteFailures extends EventNotifierSupport {

    /** Messages are cut to this length; a message that holds a card number is not kept at all. */
    static final int MESSAGE_LIMIT = 300;

    public record LastFailure(Instant at, String type, String message, boolean handled) {
    }

    private final Map<String, LastFailure> last = new ConcurrentHashMap<>();

    public RouteFailures() {
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeFailedEvent || event instanceof CamelEvent.ExchangeFailureHandledEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        if (routeId == null) {
            routeId = exchange.getFromRouteId();
        }
        if (routeId == null || failure == null) {
            return;
        }
        last.put(routeId, new LastFailure(Instant.now(), failure.getClass().getName(), safeMessage(failure.getMessage()),
                event instanceof CamelEvent.ExchangeFailureHandledEvent));
    }

    public Optional<LastFailure> last(String routeId) {
        return Optional.ofNullable(last.get(routeId));
    }

    static String safeMessage(String message) {
        if (message == null) {
            return null;
        }
        if (CardNumbers.containsCardNumber(message)) {
            return "(message not shown: it contains a card number)";
        }
        return message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT) + "…";
    }
}

package dev.payroute.ops;

import dev.payroute.RouteVariables;
import dev.payroute.payments.PaymentStore;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.CamelLogger;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.spi.LogListener;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

import java.util.Objects;

/**
 * What a log line names, in the MDC around every step of an exchange: {@code correlationId} (the exchange's
 * header of that name), {@code camel.routeId} (the route the exchange started in), {@code camel.exchangeId},
 * {@code camel.contextId} and {@code paymentId} (the exchange property of that name, once a route knows its
 * payment). Each step writes only the keys whose value differs from what the thread's MDC holds, and puts
 * back what it changed when it ends, so the steps nested in a step write nothing.
 *
 * <p>It replaces camel-mdc, which copied the thread's whole MDC, put ten keys and removed them again around
 * every processor: 9 % of payroute's CPU per payment in a profile of {@code bench/payments}.
 */
public final class ExchangeLogContext implements InterceptStrategy, LogListener {

    static final String CORRELATION_ID = RouteVariables.CORRELATION_ID;
    static final String ROUTE_ID = "camel.routeId";
    static final String EXCHANGE_ID = "camel.exchangeId";
    static final String CONTEXT_ID = "camel.contextId";
    static final String PAYMENT_ID = PaymentStore.PAYMENT_ID_MDC;
    private static final String[] KEYS = {CORRELATION_ID, ROUTE_ID, EXCHANGE_ID, CONTEXT_ID, PAYMENT_ID};

    /** What {@link #onLog} replaced, for {@link #afterLog} on the same thread. */
    private final ThreadLocal<String[]> aroundLog = new ThreadLocal<>();

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new Step(AsyncProcessorConverterHelper.convert(target));
    }

    /** A line Camel logs outside a step (its error handler's retries, for one) shows the exchange too. */
    @Override
    public String onLog(Exchange exchange, CamelLogger logger, String message) {
        if (exchange != null) {
            aroundLog.set(show(exchange));
        }
        return message;
    }

    @Override
    public void afterLog(Exchange exchange, CamelLogger logger, String message) {
        if (exchange != null) {
            restore(aroundLog.get());
            aroundLog.remove();
        }
    }

    /**
     * Makes the thread's MDC show the exchange. Returns what it replaced ({@code null} when it changed nothing),
     * for {@link #restore}.
     */
    static String[] show(Exchange exchange) {
        Object correlation = exchange.getIn().getHeader(CORRELATION_ID);
        Object payment = exchange.getProperty(PAYMENT_ID);
        String[] values = {
            correlation == null ? null : correlation.toString(),
            exchange.getFromRouteId(),
            exchange.getExchangeId(),
            exchange.getContext().getName(),
            payment == null ? null : payment.toString()};
        String[] replaced = null;
        for (int i = 0; i < KEYS.length; i++) {
            String current = MDC.get(KEYS[i]);
            if (!Objects.equals(current, values[i])) {
                if (replaced == null) {
                    // Up to here every key already held its value; the later ones are filled in as they are read.
                    replaced = values.clone();
                }
                replaced[i] = current;
                put(KEYS[i], values[i]);
            }
        }
        return replaced;
    }

    /** Puts back, on this thread, what {@link #show} replaced; keys that already hold it are not written. */
    static void restore(String[] replaced) {
        if (replaced == null) {
            return;
        }
        for (int i = 0; i < KEYS.length; i++) {
            if (!Objects.equals(MDC.get(KEYS[i]), replaced[i])) {
                put(KEYS[i], replaced[i]);
            }
        }
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** One step of a route, run with the exchange in the MDC. */
    private static final class Step extends DelegateAsyncProcessor {

        Step(AsyncProcessor processor) {
            super(processor);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            Thread caller = Thread.currentThread();
            String[] replaced = show(exchange);
            boolean sync;
            try {
                sync = processor.process(exchange, doneSync -> {
                    if (!doneSync && Thread.currentThread() != caller) {
                        // Finished on another thread (a broker's or a timer's): the rest of the route runs there.
                        String[] there = show(exchange);
                        try {
                            callback.done(false);
                        } finally {
                            restore(there);
                        }
                    } else {
                        callback.done(doneSync);
                    }
                });
            } finally {
                restore(replaced);
            }
            return sync;
        }
    }
}

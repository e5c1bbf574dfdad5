package dev.payroute.stripe;

import dev.payroute.domain.StripeParamNames;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Error-handler step (routes/config api-errors and kafka-commands): a Stripe rejection of a parameter whose
 * value the caller sent becomes the caller's mistake, named by the caller's own field. The request on its
 * way (a record the route parsed, which knows how it names Stripe's parameters) says which field that is.
 */
public final class StripeRejections {

    /**
     * Takes Exchange because the request may travel as the body, an exchange property or a variable,
     * depending on the route, and the caught exception is replaced where the error handler keeps it.
     */
    public void nameCallerField(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (!(failure instanceof GatewayException.Rejected)) {
            return;
        }
        List<Object> candidates = new ArrayList<>();
        candidates.add(exchange.getMessage().getBody());
        candidates.addAll(exchange.getVariables().values());
        candidates.addAll(exchange.getProperties().values());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, named(failure, candidates));
    }

    /** The failure, blaming the caller's field when it is a rejection of a value one of the requests names. */
    static Throwable named(Throwable failure, Collection<?> candidates) {
        if (!(failure instanceof GatewayException.Rejected rejected) || rejected.param() == null || rejected.field() != null) {
            return failure;
        }
        for (Object candidate : candidates) {
            if (candidate instanceof StripeParamNames.Named request) {
                String field = request.stripeParams().callerField(rejected.param());
                if (field != null) {
                    return rejected.blaming(field, request.computedValue(rejected.param()));
                }
            }
        }
        return failure;
    }
}

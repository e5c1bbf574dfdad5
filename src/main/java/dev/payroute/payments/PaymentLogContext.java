package dev.payroute.payments;

import org.apache.camel.Exchange;
import org.slf4j.MDC;

import java.util.UUID;

/**
 * The payment an exchange works on, for its log lines: the exchange property {@value PaymentStore#PAYMENT_ID_MDC},
 * which {@link dev.payroute.ops.ExchangeLogContext} puts into the MDC around every later step of the exchange
 * and removes when the step ends. Routes set it with setProperty once they know their payment; a bean that finds the
 * payment itself calls {@link #about}, which also puts it in the MDC for the rest of its own step.
 */
public final class PaymentLogContext {

    private PaymentLogContext() {
    }

    public static void about(Exchange exchange, UUID paymentId) {
        if (paymentId == null) {
            return;
        }
        exchange.setProperty(PaymentStore.PAYMENT_ID_MDC, paymentId.toString());
        MDC.put(PaymentStore.PAYMENT_ID_MDC, paymentId.toString());
    }
}

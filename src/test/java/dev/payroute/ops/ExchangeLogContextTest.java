package dev.payroute.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MDC a log line sees while a route runs: the exchange's ids in every step, on every thread, and nothing after it. */
class ExchangeLogContextTest {

    private final List<Map<String, String>> seen = Collections.synchronizedList(new ArrayList<>());
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("log-context-test");
        ExchangeLogContext logContext = new ExchangeLogContext();
        camel.getCamelContextExtension().addInterceptStrategy(logContext);
        camel.getCamelContextExtension().addLogListener(logContext);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:first").routeId("first")
                        .process(e -> seen.add(MDC.getCopyOfContextMap()))
                        .setProperty("paymentId", constant("pay-1"))
                        .choice()
                            .when(simple("${header.nested} == 'yes'"))
                                .process(e -> seen.add(MDC.getCopyOfContextMap()))
                        .end()
                        // A bean that finds its payment itself puts it in the MDC for the rest of its step (PaymentLogContext).
                        .process(e -> MDC.put("paymentId", "pay-2"))
                        .to("direct:second")
                        // Now on a thread of the pool: the rest of the route runs there.
                        .threads(1)
                        .process(e -> seen.add(withThread(MDC.getCopyOfContextMap())));
                from("direct:second").routeId("second")
                        .process(e -> seen.add(MDC.getCopyOfContextMap()));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        MDC.clear();
    }

    private static Map<String, String> withThread(Map<String, String> mdc) {
        Map<String, String> copy = new HashMap<>(mdc == null ? Map.of() : mdc);
        copy.put("thread", Thread.currentThread().getName());
        return copy;
    }

    @Test
    void every_step_sees_the_exchange_and_the_thread_is_as_before_once_it_ends() {
        MDC.put("unrelated", "kept");
        camel.createProducerTemplate().sendBodyAndHeaders("direct:first", "x", Map.of("correlationId", "corr-1", "nested", "yes"));

        assertEquals(4, seen.size(), seen.toString());
        Map<String, String> first = seen.get(0);
        assertEquals("corr-1", first.get("correlationId"));
        assertEquals("first", first.get("camel.routeId"));
        assertEquals("log-context-test", first.get("camel.contextId"));
        assertTrue(first.get("camel.exchangeId") != null && !first.get("camel.exchangeId").isEmpty(), first.toString());
        assertNull(first.get("paymentId"), "no payment known yet");
        assertEquals("kept", first.get("unrelated"), "what the thread had is left alone");

        Map<String, String> nested = seen.get(1);
        assertEquals("pay-1", nested.get("paymentId"), "a step nested in a choice sees the property set before it");
        assertEquals(first.get("camel.exchangeId"), nested.get("camel.exchangeId"));

        Map<String, String> called = seen.get(2);
        assertEquals("first", called.get("camel.routeId"), "the route the exchange started in");
        assertEquals("pay-1", called.get("paymentId"), "what an earlier step put in the MDC ended with it; the property shows");
        assertEquals("corr-1", called.get("correlationId"));

        Map<String, String> async = seen.get(3);
        assertNotEquals(Thread.currentThread().getName(), async.get("thread"), "ran on the pool's thread");
        assertEquals("corr-1", async.get("correlationId"));
        assertEquals("pay-1", async.get("paymentId"));
        assertEquals(first.get("camel.exchangeId"), async.get("camel.exchangeId"));

        // After the exchange the caller's thread has what it had before, and nothing of the exchange.
        assertEquals(Map.of("unrelated", "kept"), MDC.getCopyOfContextMap());
    }

    @Test
    void two_exchanges_in_a_row_on_one_thread_do_not_see_each_others_ids() {
        camel.createProducerTemplate().sendBodyAndHeaders("direct:second", "x", Map.of("correlationId", "corr-a"));
        camel.createProducerTemplate().sendBody("direct:second", "y");

        assertEquals("corr-a", seen.get(0).get("correlationId"));
        assertNull(seen.get(1).get("correlationId"), "the second exchange has no correlation id: " + seen.get(1));
        assertNotEquals(seen.get(0).get("camel.exchangeId"), seen.get(1).get("camel.exchangeId"));
        Map<String, String> after = MDC.getCopyOfContextMap();
        assertTrue(after == null || after.isEmpty(), "nothing left on the thread: " + after);
    }

    @Test
    void a_line_camel_logs_outside_a_step_shows_the_exchange_and_leaves_nothing_behind() {
        ExchangeLogContext logContext = new ExchangeLogContext();
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(camel);
        exchange.getIn().setHeader("correlationId", "corr-log");
        exchange.setProperty("paymentId", "pay-log");
        CamelLogger logger = new CamelLogger(ExchangeLogContextTest.class.getName());

        String message = logContext.onLog(exchange, logger, "Failed delivery");
        Map<String, String> during = MDC.getCopyOfContextMap();
        logContext.afterLog(exchange, logger, message);

        assertEquals("Failed delivery", message);
        assertEquals("corr-log", during.get("correlationId"));
        assertEquals("pay-log", during.get("paymentId"));
        Map<String, String> after = MDC.getCopyOfContextMap();
        assertTrue(after == null || after.isEmpty(), "nothing left on the thread: " + after);
    }
}

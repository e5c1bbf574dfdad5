package dev.payroute.support;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the log scan (LogScanIT) flags, and the ids and times it must not take for card numbers. */
class LogScanTest {

    private final LogScan scan = new LogScan(List.of("test-payments-key-0001"));

    @Test
    void flags_secrets_client_secrets_webhook_bodies_and_card_numbers() {
        assertEquals(1, scan.findingsIn("Authorization: Bearer test-payments-key-0001").size());
        assertEquals(1, scan.findingsIn("key sk_test_51Habc and").size());
        assertEquals(1, scan.findingsIn("secret=whsec_offline_0a1b2c").size());
        assertEquals(1, scan.findingsIn("{\"client_secret\":\"pi_3Nabc_secret_Xyz9\"}").size());
        assertEquals(1, scan.findingsIn("\"seti_1Abc_secret_Q2w\"").size());
        assertEquals(1, scan.findingsIn("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"x\"}").size());
        assertEquals(1, scan.findingsIn("{\n  \"object\": \"event\"").size());
        assertEquals(1, scan.findingsIn("card 4242424242424242 used").size());
        assertEquals(1, scan.findingsIn("card 4000 0025 0000 3155.").size());
        assertEquals(1, scan.findingsIn("card 5555-5555-5555-4444").size());
        assertEquals(1, scan.findingsIn("amex 378282246310005").size());
    }

    @Test
    void leaves_ids_times_and_numbers_that_are_not_card_numbers() {
        // Luhn-invalid; ids, counters, epoch milliseconds and exchange ids; ports; timestamps; a longer number.
        for (String text : List.of("4242424242424241", "E3D6F07A2A9D17A-0000000000000059", "payroute_test_1795984271_qv82zy",
                "1795984271000", "at 127.0.0.1:44709", "2026-11-29T20:31:12.894Z", "2026-11-29 20:31:12,894",
                "42424242424242424242424", "order-4242424242424242", "4242424242424242.5", "pi_4242424242424242",
                "sk_test_", "whsec_", "\"object\":\"payment_intent\"")) {
            assertTrue(scan.findingsIn(text).isEmpty(), text + ": " + scan.findingsIn(text));
        }
    }

    @Test
    void the_test_kafka_brokers_folder_name_is_not_a_card_number() {
        // A CI run's folder: pid 2132, started at 1796062280848 ms; "2132-1796062280848" is Luhn-valid.
        assertEquals(1, scan.findingsIn("target/kafka-brokers/2132-1796062280848/broker.log").size());
        String name = TestKafka.dataDirName(2132, 1796062280848L);
        assertTrue(scan.findingsIn("target/kafka-brokers/" + name + "/broker.log").isEmpty(), name);
        assertTrue(scan.findingsIn("--dir " + name + " ").isEmpty(), name);
    }
}

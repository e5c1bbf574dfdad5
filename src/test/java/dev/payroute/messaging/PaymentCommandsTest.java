package dev.payroute.messaging;

import dev.payroute.domain.EscrowRequests;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading CampusG's payment commands from their bytes, without Kafka or Camel. */
class PaymentCommandsTest {

    private static PaymentCommands.Command parse(String json) {
        return PaymentCommands.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidCommand invalid(String json) {
        return assertThrows(InvalidCommand.class, () -> parse(json));
    }

    @Test
    void an_authorisation_becomes_an_escrow_request_under_an_operation_id_of_its_own() {
        PaymentCommands.Command command = parse("{\"type\":\"authorize_payment\",\"customer_id\":\"c\",\"payment_method_id\":\"pm_card_visa\","
                + "\"amount\":2098,\"currency\":\"usd\",\"order_id\":\"o-1\",\"correlation_id\":\"corr-1\"}");
        EscrowRequests.Authorize request = assertInstanceOf(EscrowRequests.Authorize.class, command.request());
        assertEquals(2098, request.amount());
        assertEquals("o-1", request.orderId());
        assertEquals("authorize_payment:corr-1", command.key());
        assertEquals(command.operationId(), parse("{\"type\":\"authorize_payment\",\"customer_id\":\"c\",\"payment_method_id\":"
                + "\"pm_card_visa\",\"amount\":2098,\"order_id\":\"o-1\",\"correlation_id\":\"corr-1\"}").operationId(),
                "the same command is the same operation");
        assertNull(command.paymentRef());
    }

    @Test
    void a_command_s_key_fits_the_command_log_whatever_the_length_of_its_correlation_id() {
        String longId = "c".repeat(200);
        PaymentCommands.Command command = parse("{\"type\":\"authorize_payment\",\"customer_id\":\"c\",\"payment_method_id\":"
                + "\"pm_card_visa\",\"amount\":2098,\"order_id\":\"o-1\",\"correlation_id\":\"" + longId + "\"}");
        assertTrue(command.key().length() <= 100, command.key());
        assertTrue(command.key().startsWith("authorize_payment:sha256:"), command.key());
        assertEquals(command.key(), parse("{\"type\":\"authorize_payment\",\"customer_id\":\"c\",\"payment_method_id\":"
                + "\"pm_card_visa\",\"amount\":2098,\"order_id\":\"o-1\",\"correlation_id\":\"" + longId + "\"}").key(),
                "the same command has the same key");
        String almost = "d".repeat(100 - "release_payment:".length());
        assertEquals("release_payment:" + almost, parse("{\"type\":\"release_payment\",\"payment_id\":\"p-1\",\"runner_id\":\"r\","
                + "\"correlation_id\":\"" + almost + "\"}").key(), "a key of 100 characters is kept as it is");
    }

    @Test
    void a_release_and_a_revert_name_their_payment() {
        PaymentCommands.Command release = parse("{\"type\":\"release_payment\",\"payment_id\":\"p-1\",\"runner_id\":\"r\","
                + "\"runner_connect_account_id\":\"acct_1\",\"correlation_id\":\"c2\"}");
        assertEquals("p-1", release.paymentRef());
        assertEquals("acct_1", assertInstanceOf(EscrowRequests.Release.class, release.request()).connectAccountId());
        PaymentCommands.Command revert = parse("{\"type\":\"revert_payment\",\"payment_id\":\"p-1\",\"reason\":\"late\",\"correlation_id\":\"c3\"}");
        assertEquals("late", assertInstanceOf(EscrowRequests.Revert.class, revert.request()).reason());
    }

    @Test
    void a_command_that_names_its_correlation_id_is_answered_with_a_reason() {
        InvalidCommand decimal = invalid("{\"type\":\"authorize_payment\",\"customer_id\":\"c\",\"payment_method_id\":\"pm_card_visa\","
                + "\"amount\":20.98,\"order_id\":\"o-2\",\"correlation_id\":\"corr-2\"}");
        assertEquals("amount_not_integer_minor_units", decimal.reason());
        assertEquals("amount", decimal.field());
        assertEquals("o-2", decimal.orderId());
        assertEquals("corr-2", decimal.correlationId());

        assertEquals("missing_field", invalid("{\"type\":\"release_payment\",\"payment_id\":\"p\",\"correlation_id\":\"c\"}").reason());
        InvalidCommand unknown = invalid("{\"type\":\"refund_all\",\"order_id\":\"o-3\",\"correlation_id\":\"c\"}");
        assertEquals("unknown_command_type", unknown.reason());
        assertEquals("o-3", unknown.orderId());
        assertEquals("type", invalid("{\"correlation_id\":\"c\"}").field(), "no type at all is an unknown type, never a revert");
        assertEquals("description", invalid("{\"type\":\"authorize_payment\",\"customer_id\":\"c\",\"payment_method_id\":\"pm_card_visa\","
                + "\"amount\":100,\"order_id\":\"o\",\"description\":\"a\\u0000b\",\"correlation_id\":\"c\"}").field());
    }

    @Test
    void bytes_that_name_no_correlation_id_are_poison_alone() {
        assertThrows(PoisonCommand.class, () -> PaymentCommands.parse("{not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(PoisonCommand.class, () -> parse("[1,2]"));
        assertThrows(PoisonCommand.class, () -> parse("{\"type\":\"authorize_payment\",\"correlation_id\":42}"));
        PoisonCommand noId = assertThrows(PoisonCommand.class, () -> parse("{\"type\":\"authorize_payment\"}"));
        assertEquals(PoisonCommand.class, noId.getClass(), "not an InvalidCommand: there is nobody to answer");
    }

    @Test
    void a_command_with_a_name_given_twice_or_content_after_it_is_not_json() {
        String release = "{\"type\":\"release_payment\",\"payment_id\":\"p-1\",\"runner_id\":\"r\",\"correlation_id\":\"c-1\"";
        for (String raw : new String[] {release + ",\"runner_id\":\"someone-else\"}", release + "}{\"x\":1}", release + "} 2"}) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> parse(raw), raw);
            org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().startsWith("not JSON"), refused.getMessage());
        }
        assertEquals("release_payment", parse(release + "}").type());
    }
}

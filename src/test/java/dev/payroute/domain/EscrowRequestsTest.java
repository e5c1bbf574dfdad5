package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EscrowRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARD = "4242 4242 4242 4242";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Refusal refused(Executable parse) {
        return assertThrows(Refusal.class, parse);
    }

    private static final String CANONICAL = "{\"amount\":2098,\"customer_id\":\"c1\",\"payment_method\":\"pm_card_visa\","
            + "\"stripe_customer_id\":\"cus_1\"}";
    private static final String CAMPUSG = "{\"customer\":{\"clerkUserId\":\"u1\",\"stripeCustomerId\":\"cus_1\","
            + "\"userStripeCard\":{\"payment_method_id\":\"pm_card_visa\"}},\"order\":{\"amount\":2098}}";
    private static final String COMMAND = "{\"type\":\"authorize_payment\",\"customer_id\":\"c1\",\"payment_method_id\":"
            + "\"pm_card_visa\",\"amount\":2098,\"currency\":\"usd\",\"order_id\":\"o1\",\"correlation_id\":\"k1\"}";

    @Test
    void each_shape_of_authorize_names_stripe_s_parameters_by_its_own_fields() throws Exception {
        EscrowRequests.Authorize canonical = EscrowRequests.authorize("o1", json(CANONICAL));
        assertEquals("payment_method", canonical.stripeParams().callerField("payment_method"));
        assertEquals("stripe_customer_id", canonical.stripeParams().callerField("customer"));
        assertEquals("amount", canonical.stripeParams().callerField("amount"));
        assertEquals("currency", canonical.stripeParams().callerField("currency"));

        EscrowRequests.Authorize campusG = EscrowRequests.campusGAuthorize("o1", json(CAMPUSG));
        assertEquals("customer.userStripeCard.payment_method_id", campusG.stripeParams().callerField("payment_method"));
        assertEquals("customer.stripeCustomerId", campusG.stripeParams().callerField("customer"));
        assertEquals("order.amount", campusG.stripeParams().callerField("amount"));
        assertEquals("order.currency", campusG.stripeParams().callerField("currency"));

        EscrowRequests.Authorize command = EscrowRequests.authorizeCommand(json(COMMAND));
        assertEquals("payment_method_id", command.stripeParams().callerField("payment_method"));
        assertEquals("stripe_customer_id", command.stripeParams().callerField("customer"));

        assertEquals(null, canonical.stripeParams().callerField("payment_intent"), "not a field the caller sent");
    }

    @Test
    void a_card_number_in_free_text_is_a_422_naming_the_field() throws Exception {
        Refusal description = refused(() -> EscrowRequests.authorize("o1",
                json(CANONICAL.replace("}", ",\"description\":\"" + CARD + "\"}"))));
        assertEquals(Refusal.Kind.UNPROCESSABLE, description.kind());
        assertEquals("description", description.field());
        assertFalse(description.getMessage().contains("4242"));

        JsonNode campusG = json(CAMPUSG.replace("\"order\":{", "\"order\":{\"description\":\"card " + CARD + "\","));
        assertEquals("order.description", refused(() -> EscrowRequests.campusGAuthorize("o1", campusG)).field());
        assertEquals("reason", refused(() -> EscrowRequests.revert(json("{\"reason\":\"" + CARD + "\"}"))).field());
        assertEquals("reason", refused(() -> EscrowRequests.campusGRevert(json("{\"reason\":\"" + CARD + "\"}"))).field());
        assertEquals("description", refused(() -> EscrowRequests.authorizeCommand(
                json(COMMAND.replace("}", ",\"description\":\"" + CARD + "\"}")))).field());
    }

    @Test
    void a_command_with_a_nul_anywhere_is_refused_before_anything_runs() throws Exception {
        Refusal nul = refused(() -> EscrowRequests.authorizeCommand(
                json(COMMAND.replace("}", ",\"description\":\"a\\u0000b\"}"))));
        assertEquals(Refusal.Kind.INVALID, nul.kind());
        assertEquals("description", nul.field());
    }
}

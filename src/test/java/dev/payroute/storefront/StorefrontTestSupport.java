package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Route tests of the audiobook storefront: carts, users and their orders. */
abstract class StorefrontTestSupport extends RouteTestSupport {

    protected static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    /** One item per book: book_1 at 999 (1 credit) times quantity, book_2 at 1500 (2 credits). */
    protected static String items(int quantity) {
        return "[{\"book_id\":\"book_1\",\"quantity\":" + quantity + ",\"price_cents\":999,\"credits\":1,\"title\":\"Book Title\"},"
                + "{\"book_id\":\"book_2\",\"quantity\":1,\"price_cents\":1500,\"credits\":2,\"title\":\"Second Book\"}]";
    }

    protected JsonNode cartPayment(String user, int quantity) {
        Reply r = post("/api/v1/checkout/payment-intents", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + items(quantity) + "}", null);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    protected Reply confirm(String paymentId, String paymentMethod) {
        return post("/api/v1/payments/" + paymentId + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"" + paymentMethod + "\","
                + "\"return_url\":\"https://shop.example/back\"}", null);
    }

    protected JsonNode orders(String user) {
        Reply r = get("/api/v1/users/" + user + "/orders", PAYMENTS_KEY);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    protected long events(String type, String aggregateId) {
        return count("SELECT count(*) FROM outbox WHERE event_type = ? AND aggregate_id = ?", type, aggregateId);
    }

    protected void awaitWebhooksOf(String objectId, String type, int n) {
        await(n + " " + type + " of " + objectId + " processed", () -> count("SELECT count(*) FROM webhook_events"
                + " WHERE event_type = ? AND object_id = ? AND status <> 'RECEIVED'", type, objectId) >= n);
    }
}

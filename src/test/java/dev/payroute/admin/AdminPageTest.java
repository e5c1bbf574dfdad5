package dev.payroute.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin page over plain HTTP: admin scope, the login page for a browser, escaping, headers, filters. */
@Tag("integration")
class AdminPageTest extends RouteTestSupport {

    private Reply page(String path, String key, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b);
    }

    @Test
    void the_admin_key_gets_html_and_anyone_else_the_login_page_or_a_problem() {
        Reply ok = page("/admin", ADMIN_KEY, null);
        assertEquals(200, ok.status(), ok.body());
        assertTrue(ok.contentType().startsWith("text/html"), ok.contentType());
        assertTrue(ok.body().contains("Payments by status"), ok.body());
        assertTrue(ok.header("Content-Security-Policy").contains("script-src 'self'"), String.valueOf(ok.header("Content-Security-Policy")));
        assertEquals("no-store", ok.header("Cache-Control"));
        assertFalse(ok.body().contains(ADMIN_KEY));

        Reply browser = page("/admin/payments", null, "text/html,application/xhtml+xml,*/*;q=0.8");
        assertEquals(401, browser.status());
        assertTrue(browser.contentType().startsWith("text/html"), browser.contentType());
        assertTrue(browser.body().contains("id=\"login\""), browser.body());

        Reply api = page("/admin", null, null);
        assertEquals(401, api.status());
        assertTrue(api.contentType().startsWith("application/problem+json"), api.contentType());

        Reply payments = page("/admin", PAYMENTS_KEY, "text/html");
        assertEquals(403, payments.status());
        assertTrue(payments.body().contains("no admin scope"), payments.body());

        Reply script = page("/admin/assets/admin.js", null, null);
        assertEquals(200, script.status());
        assertTrue(script.contentType().startsWith("text/javascript"), script.contentType());
        assertEquals(404, page("/admin/assets/other.js", null, null).status());
    }

    @Test
    void payments_are_filtered_and_values_are_escaped() {
        String order = "order-<b>" + UUID.randomUUID();
        JsonNode p = createPayment(order, 1234);
        Reply list = page("/admin/payments?order_id=" + java.net.URLEncoder.encode(order, java.nio.charset.StandardCharsets.UTF_8), ADMIN_KEY, "text/html");
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains(p.get("id").asText()), list.body());
        assertTrue(list.body().contains("order-&lt;b&gt;"), list.body());
        assertFalse(list.body().contains("order-<b>"), "data is escaped");
        assertTrue(list.body().contains("12.34 USD"), list.body());
        assertTrue(list.body().contains("1 item"), list.body());

        Reply none = page("/admin/payments?order_id=" + order.replace("<b>", "x") + "&status=SUCCEEDED&from=2020-01-01&to=2020-01-02", ADMIN_KEY, "text/html");
        assertEquals(200, none.status(), none.body());
        assertTrue(none.body().contains("No payment matches"), none.body());

        assertEquals(400, page("/admin/payments?status=NOPE", ADMIN_KEY, "text/html").status());
        assertEquals(400, page("/admin/payments?from=yesterday", ADMIN_KEY, "text/html").status());

        Reply history = page("/admin/payments/" + p.get("id").asText(), ADMIN_KEY, "text/html");
        assertEquals(200, history.status(), history.body());
        assertFalse(history.body().contains(p.get("client_secret").asText()), "no client secret");
        assertTrue(history.body().contains("Event payment.initiated"), history.body());
        assertEquals(404, page("/admin/payments/" + UUID.randomUUID(), ADMIN_KEY, "text/html").status());
    }

    @Test
    void every_section_renders() {
        for (String path : new String[]{"/admin/webhooks", "/admin/verifications", "/admin/outbox", "/admin/dead-letters",
                "/admin/dead-letters?source=kafka", "/admin/routes"}) {
            Reply r = page(path, ADMIN_KEY, "text/html");
            assertEquals(200, r.status(), path + " " + r.body());
        }
        assertTrue(page("/admin/routes", ADMIN_KEY, "text/html").body().contains("admin-page-routes"));
        assertEquals(400, page("/admin/dead-letters?source=ftp", ADMIN_KEY, "text/html").status());
    }

    @Test
    void a_cross_site_post_carries_no_key_and_changes_nothing() {
        // What a form on another site can send: no Authorization header (the key is in sessionStorage, never a cookie).
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/admin/dead-letters/1/replay"))
                .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").POST(HttpRequest.BodyPublishers.ofString("x=1"));
        Reply r = send(b);
        assertEquals(401, r.status(), r.body());
        assertTrue(r.header("Set-Cookie") == null, "the admin page never sets a cookie");
        assertTrue(page("/admin", ADMIN_KEY, "text/html").header("Set-Cookie") == null);
    }

    @Test
    void the_pages_are_not_in_the_openapi_document() {
        JsonNode paths = get("/api/v1/openapi.json", null).json().get("paths");
        paths.fieldNames().forEachRemaining(path -> assertFalse(path.startsWith("/admin"), path));
        assertTrue(paths.has("/api/v1/admin/dead-letters"), paths.toString());
    }
}

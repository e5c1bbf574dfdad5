package dev.payroute.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.HeadlessChromium;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page end to end in a real headless Chromium (Debian's chromium package; the test fails, never
 * skips, without it): log in with the admin key, open a real payment's history, replay a dead letter, try a
 * route's suspend button, and check that no secret reaches the page. Screenshots: target/admin-screenshots/.
 */
@Tag("integration")
class AdminPageBrowserTest extends RouteTestSupport {

    private static final Path SHOTS = Path.of("target", "admin-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterEach
    void clear() {
        standIn.faults().clear();
    }

    @Test
    void an_admin_logs_in_reads_a_payment_history_and_replays_a_dead_letter() throws Exception {
        HeadlessChromium.executable(); // fails first, with how to install it, when Chromium is missing

        // A real payment: created, confirmed with a test card, partly refunded.
        JsonNode created = createPayment("order-" + UUID.randomUUID(), 2500);
        String paymentId = created.get("id").asText();
        String clientSecret = created.get("client_secret").asText();
        String intent = created.get("payment_intent_id").asText();
        assertFalse(clientSecret.isBlank());
        Reply confirmed = post("/api/v1/payments/" + paymentId + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText(), confirmed.body());
        Reply refund = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\",\"amount\":700}", null);
        assertEquals(201, refund.status(), refund.body());
        await("the refund's billing record", () -> count(
                "SELECT count(*) FROM billing_records WHERE payment_id = CAST(? AS uuid) AND kind = 'payment_refunded'", paymentId) == 1);

        // A dead letter about it: an event that contradicts the payment (canceled after a refund) needs
        // Stripe's word, and its handler cannot reach Stripe, however often it tries.
        standIn.faults().failNext("GET", "/v1/payment_intents/" + intent, FaultKind.HTTP_500, 100);
        String late = event("payment_intent.canceled", paymentIntent(intent, "canceled", 2500));
        assertEquals(200, postWebhook(late).status());
        assertEquals("DEAD", awaitWebhookDone(idOf(late)));
        standIn.faults().clear();
        String letterId = queryString("SELECT CAST(id AS text) FROM dead_letters WHERE reference = ?", idOf(late));

        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
            String base = "http://127.0.0.1:" + PORT;
            browser.navigate(base + "/admin/payments/" + paymentId);
            browser.waitFor("the login page", "document.body && document.body.dataset.page === 'login' && document.getElementById('key')", WAIT);
            browser.screenshot(SHOTS.resolve("01-login.png"));

            browser.eval("document.getElementById('key').value = " + JSON.writeValueAsString(ADMIN_KEY)
                    + "; document.getElementById('login').requestSubmit(); true");
            browser.waitFor("the payment's history", "document.body.dataset.page === 'payments' && document.getElementById('history')", WAIT);
            List<String> kinds = List.of(browser.eval("[...document.querySelectorAll('#history li')].map(li => li.dataset.kind).join(',')")
                    .asText().split(","));
            for (String kind : List.of("transition", "webhook", "outbox", "billing", "refund")) {
                assertTrue(kinds.contains(kind), "history shows " + kind + ": " + kinds);
            }
            String history = browser.text("document.getElementById('history').innerText");
            assertTrue(history.contains("SUCCEEDED"), history);
            assertTrue(history.contains("payment_refunded"), history);
            assertTrue(history.contains(idOf(late)), history);
            assertTrue(browser.text("document.getElementById('payment-summary').innerText").contains("7.00 USD"));
            assertNoSecrets(browser, clientSecret);
            browser.screenshot(SHOTS.resolve("02-payment-history.png"));

            // Dead letters: the replay button calls the existing replay, and the page shows it replayed.
            browser.eval("document.querySelector('header nav a[href=\"/admin/dead-letters\"]').click(); true");
            browser.waitFor("the dead letters", "document.body.dataset.page === 'dead-letters'", WAIT);
            browser.eval("window.confirm = () => true; true");
            String row = "[...document.querySelectorAll('#dead-letters tbody tr')].find(tr => tr.cells[0].textContent === '" + letterId + "')";
            browser.eval(row + ".querySelector('button.action').click(); true");
            browser.waitFor("the replay", "document.getElementById('flash').textContent.includes('Replay done') && "
                    + row + ".textContent.includes('replayed')", WAIT);
            assertEquals("PROCESSED", awaitWebhookDone(idOf(late)));
            assertEquals(1, count("SELECT count(*) FROM dead_letters WHERE id = ? AND replayed_at IS NOT NULL", Long.parseLong(letterId)));
            assertNoSecrets(browser, clientSecret);
            browser.screenshot(SHOTS.resolve("03-dead-letter-replayed.png"));

            // Payments list with a filter.
            browser.eval("document.querySelector('header nav a[href=\"/admin/payments\"]').click(); true");
            browser.waitFor("the payments", "document.body.dataset.page === 'payments' && document.querySelector('form.filters')", WAIT);
            browser.eval("document.querySelector('form.filters [name=order_id]').value = " + JSON.writeValueAsString(created.get("order_id").asText())
                    + "; document.querySelector('form.filters').requestSubmit(); true");
            browser.waitFor("the filtered payments", "location.search.includes('order_id=') && document.querySelectorAll('#payments tbody tr').length === 1", WAIT);
            browser.screenshot(SHOTS.resolve("04-payments.png"));

            // Routes: read from Camel; suspend answers 404 until the routes API is there (the page says so),
            // or suspends, and then the route is resumed.
            browser.eval("document.querySelector('header nav a[href=\"/admin/routes\"]').click(); true");
            browser.waitFor("the routes", "document.body.dataset.page === 'routes' && document.getElementById('routes')", WAIT);
            // A route called directly by another has no Suspend button (its callers would fail, not wait).
            String directRow = "[...document.querySelectorAll('#routes tbody tr')].find(tr => tr.cells[0].textContent === 'admin-page-verifications')";
            assertEquals(0, browser.eval(directRow + ".querySelectorAll('button.action').length").asInt());
            browser.eval("const f = document.getElementById('route-filter'); f.value = 'escrow-sweeper';"
                    + " f.dispatchEvent(new Event('input', {bubbles: true})); true");
            assertEquals(1, browser.eval("[...document.querySelectorAll('#routes tbody tr')].filter(tr => !tr.hidden).length").asInt());
            String routeRow = "[...document.querySelectorAll('#routes tbody tr')].find(tr => tr.cells[0].textContent === 'escrow-sweeper')";
            assertEquals("Started", browser.text(routeRow + ".cells[1].textContent"));
            browser.eval(routeRow + ".querySelector('button.action').click(); true");
            browser.waitFor("the suspend answer", "document.getElementById('flash').textContent !== ''", WAIT);
            String flash = browser.text("document.getElementById('flash').textContent");
            if (flash.contains("no routes API")) {
                assertEquals("error", browser.text("document.getElementById('flash').className"));
            } else {
                assertTrue(flash.contains("Suspend done"), flash);
                browser.eval(routeRow + ".querySelector('button.action').click(); true");
                browser.waitFor("the resume", "document.getElementById('flash').textContent.includes('Resume done')", WAIT);
            }
            browser.screenshot(SHOTS.resolve("05-routes.png"));

            // Logging out forgets the key: the page is the login page again.
            browser.eval("document.getElementById('logout').click(); true");
            browser.waitFor("the login page again", "document.body && document.body.dataset.page === 'login'", WAIT);
            assertEquals("", browser.text("String(sessionStorage.getItem('payroute.adminKey') || '')"));
        }
    }

    private static void assertNoSecrets(HeadlessChromium browser, String clientSecret) throws Exception {
        String dom = browser.text("document.documentElement.outerHTML");
        for (String secret : List.of(clientSecret, ADMIN_KEY, PAYMENTS_KEY, WEBHOOK_SECRET, "client_secret", "pm_card_visa")) {
            assertFalse(dom.contains(secret), "the page shows " + secret);
        }
    }
}

package dev.payroute.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedirectUrlsTest {

    private static Refusal refused(String url) {
        return assertThrows(Refusal.class, () -> RedirectUrls.require("success_url", url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://shop.example/done", "http://localhost:5173/checkout/success", "http://127.0.0.1:8080/x?y=1#z",
            "https://[::1]:8443/back", "https://[2001:db8::1]/", "https://a-b.example.co.uk./p%20q", "https://x.com:443",
            "https://shop.example/caf%C3%A9?q=a+b&r=%2F", "http://shop"})
    void absolute_http_urls_with_a_valid_host_are_accepted_as_they_are(String url) {
        assertEquals(url, RedirectUrls.require("success_url", url));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://", "http:///x", "https://a b.com/", "http://exa mple", "http://x.com/%zz", "http://-a.com", "http://a-.com",
            "http://a..com", "http://.com", "http://x_y.com/", "javascript:alert(1)", "ftp://x.com/", "//x.com/", "/relative",
            "x.com", "http:x.com", "http://x.com:0/", "http://x.com:65536/", "http://x.com:99999999999/", "http://x.com:8o/",
            "http://999.1.1.1/", "http://1.2.3/", "http://example.123/", "http://[::1/", "http://[zz::1]/",
            "http://user:pw@x.com/", "https://x.com/a b", "https://x.com/{CHECKOUT_SESSION_ID}", "https://x.com/\u0001",
            "https://bücher.example/"})
    void anything_else_is_422_naming_the_field(String url) {
        Refusal r = refused(url);
        assertEquals("success_url", r.field());
        assertEquals(Refusal.Kind.UNPROCESSABLE, r.kind());
    }

    @Test
    void the_scheme_is_read_in_any_case_and_sent_on_in_lower_case() {
        assertEquals("http://X.COM/", RedirectUrls.require("return_url", "HTTP://X.COM/"));
        assertEquals("https://Shop.example/A", RedirectUrls.require("return_url", "HtTpS://Shop.example/A"));
    }

    @Test
    void the_length_limit_is_the_one_every_string_field_has() {
        String base = "https://shop.example/";
        String longest = base + "a".repeat(RedirectUrls.MAX_LENGTH - base.length());
        assertEquals(longest, RedirectUrls.require("cancel_url", longest));
        assertEquals("cancel_url", assertThrows(Refusal.class, () -> RedirectUrls.require("cancel_url", longest + "a")).field());
    }

    @Test
    void stripe_s_checkout_session_placeholder_is_taken_in_a_success_url_only() {
        String url = "https://shop.example/done?session_id={CHECKOUT_SESSION_ID}";
        assertEquals(url, RedirectUrls.requireCheckoutSuccess("success_url", url));
        assertEquals("https://shop.example/s/{CHECKOUT_SESSION_ID}#{CHECKOUT_SESSION_ID}",
                RedirectUrls.requireCheckoutSuccess("success_url", "https://shop.example/s/{CHECKOUT_SESSION_ID}#{CHECKOUT_SESSION_ID}"));
        assertThrows(Refusal.class, () -> RedirectUrls.requireCheckoutSuccess("success_url", "https://{CHECKOUT_SESSION_ID}.example/"));
        assertThrows(Refusal.class, () -> RedirectUrls.requireCheckoutSuccess("success_url", "https://shop.example/?s={SESSION_ID}"));
        assertThrows(Refusal.class, () -> RedirectUrls.require("cancel_url", url));
    }

    @Test
    void no_url_sent_is_none() {
        assertNull(RedirectUrls.require("return_url", null));
    }

    @Test
    void the_refusal_does_not_repeat_the_value() {
        assertEquals("success_url does not parse as a URL (illegal character in authority at index 8)",
                refused("https://a b.com/secret-token").getMessage());
    }
}

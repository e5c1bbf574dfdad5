package dev.payroute.admin;

import dev.payroute.payments.Paging;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin page's pieces without Camel: amounts, escaping, pager links, the login page. */
class AdminLayoutTest {

    @Test
    void amounts_are_written_in_the_currency_s_own_decimals() {
        assertEquals("15.00 USD", AdminLayout.money(1500L, "usd"));
        assertEquals("1500 JPY", AdminLayout.money(1500L, "jpy"));
        assertEquals("1.500 KWD", AdminLayout.money(1500L, "kwd"));
        assertEquals("", AdminLayout.money(null, "usd"));
    }

    @Test
    void every_value_is_escaped() {
        StringBuilder html = new StringBuilder();
        AdminLayout.table(html, "t", List.of("<h>"), List.of(List.of(AdminLayout.text("<script>alert(1)</script>"))), "none");
        assertFalse(html.toString().contains("<script>"), html.toString());
        assertTrue(html.toString().contains("&lt;script&gt;"), html.toString());
        assertTrue(AdminLayout.badge("\"><img src=x>").contains("&quot;&gt;&lt;img"), AdminLayout.badge("\"><img src=x>"));
        assertTrue(AdminLayout.actionButton("Replay", "/x?a=1&b=\"", "Sure?", null).contains("data-url=\"/x?a=1&amp;b=&quot;\""));
        String page = AdminLayout.page("payments", "<title>", "<me>", "");
        assertFalse(page.contains("<me>") || page.contains("<title><title>"), page);
        assertFalse(page.contains("<script>") || page.contains("style="), "no inline script or style: " + page);
    }

    @Test
    void the_pager_keeps_the_filters_and_drops_empty_ones() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", "SUCCEEDED");
        query.put("order_id", "a b&c");
        query.put("user_id", "");
        StringBuilder html = new StringBuilder();
        AdminLayout.pager(html, "/admin/payments", query, Paging.request("2", "10"), 35);
        String out = html.toString();
        assertTrue(out.contains("35 items · page 2 of 4"), out);
        assertTrue(out.contains("href=\"/admin/payments?status=SUCCEEDED&amp;order_id=a+b%26c&amp;page=1\""), out);
        assertTrue(out.contains("page=3"), out);
        assertFalse(out.contains("user_id"), out);
    }

    @Test
    void the_login_page_has_a_password_field_and_no_inline_script() {
        String login = AdminLayout.login("Sign in <now>");
        assertTrue(login.contains("type=\"password\""), login);
        assertTrue(login.contains("Sign in &lt;now&gt;"), login);
        assertTrue(login.contains("<script src=\"/admin/assets/admin.js\" defer></script>"), login);
        assertEquals(1, login.split("<script").length - 1, login);
    }
}

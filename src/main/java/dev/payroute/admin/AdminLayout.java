package dev.payroute.admin;

import dev.payroute.payments.Paging;
import dev.payroute.sql.Database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.payroute.http.Html.escape;

/**
 * The admin page's frame and the small pieces every page is built of. Every value that comes from data goes
 * through {@link dev.payroute.http.Html#escape}; pages carry no inline script or style (the Content-Security-Policy
 * forbids both): behaviour is in /admin/assets/admin.js, looks in /admin/assets/admin.css.
 */
final class AdminLayout {

    static final String[][] SECTIONS = {
            {"overview", "/admin", "Overview"},
            {"payments", "/admin/payments", "Payments"},
            {"webhooks", "/admin/webhooks", "Webhook events"},
            {"verifications", "/admin/verifications", "Verifications"},
            {"outbox", "/admin/outbox", "Outbox"},
            {"dead-letters", "/admin/dead-letters", "Dead letters"},
            {"routes", "/admin/routes", "Routes"}};

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private AdminLayout() {
    }

    private static StringBuilder head(String title, String page) {
        return new StringBuilder(8192)
                .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>").append(escape(title)).append(" · payroute admin</title>")
                .append("<link rel=\"stylesheet\" href=\"/admin/assets/admin.css\">")
                .append("<script src=\"/admin/assets/admin.js\" defer></script></head>")
                .append("<body data-page=\"").append(escape(page)).append("\">");
    }

    /** A whole page: the navigation bar (the current section marked), a flash area, then the content. */
    static String page(String section, String title, String principal, CharSequence content) {
        StringBuilder html = head(title, section);
        html.append("<header class=\"top\"><a class=\"brand\" href=\"/admin\">payroute admin</a><nav>");
        for (String[] s : SECTIONS) {
            html.append("<a href=\"").append(s[1]).append('"').append(s[0].equals(section) ? " class=\"current\"" : "")
                    .append('>').append(s[2]).append("</a>");
        }
        html.append("</nav><span class=\"who\">").append(escape(principal == null ? "" : principal)).append("</span>")
                .append("<button type=\"button\" id=\"logout\">Log out</button></header>")
                .append("<div id=\"flash\" role=\"status\" aria-live=\"polite\"></div><main>")
                .append("<h1>").append(escape(title)).append("</h1>").append(content).append("</main></body></html>");
        return html.toString();
    }

    /** The login page: the admin key is typed here and kept in this tab's sessionStorage by admin.js. */
    static String login(String message) {
        StringBuilder html = head("Sign in", "login");
        html.append("<main class=\"login\"><h1>payroute admin</h1>");
        if (message != null && !message.isBlank()) {
            html.append("<p class=\"error\" id=\"login-message\">").append(escape(message)).append("</p>");
        }
        html.append("<form id=\"login\" autocomplete=\"off\"><label for=\"key\">Admin API key</label>")
                .append("<input type=\"password\" id=\"key\" name=\"key\" required autocomplete=\"off\" spellcheck=\"false\">")
                .append("<button type=\"submit\">Sign in</button></form>")
                .append("<p class=\"note\">The key is kept only in this browser tab's session storage and sent as an ")
                .append("<code>Authorization: Bearer</code> header with each request; closing the tab forgets it.</p>")
                .append("<noscript><p class=\"error\">The admin page needs JavaScript to send the key.</p></noscript>")
                .append("</main></body></html>");
        return html.toString();
    }

    static String time(Object column) {
        return column == null ? "" : TIME.format(Database.instant(column));
    }

    /** An amount in minor units as the currency writes it: 1500 usd is 15.00 USD, 1500 jpy is 1500 JPY. */
    static String money(Object amount, Object currency) {
        if (amount == null) {
            return "";
        }
        String code = String.valueOf(currency).toUpperCase(java.util.Locale.ROOT);
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            digits = 2;
        }
        return new java.math.BigDecimal(((Number) amount).longValue()).movePointLeft(digits).toPlainString() + " " + code;
    }

    static String text(Object value) {
        return value == null ? "" : escape(String.valueOf(value));
    }

    /** Text cut to at most max characters (reasons and errors can be long). */
    static String shortText(Object value, int max) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        return escape(s.length() > max ? s.substring(0, max) + "…" : s);
    }

    static String badge(Object status) {
        String s = status == null ? "" : String.valueOf(status);
        return "<span class=\"badge b-" + escape(s.toLowerCase(java.util.Locale.ROOT)) + "\">" + escape(s) + "</span>";
    }

    static String paymentLink(Object id) {
        if (id == null) {
            return "";
        }
        String s = escape(String.valueOf(id));
        return "<a class=\"mono\" href=\"/admin/payments/" + s + "\">" + s + "</a>";
    }

    /** A button admin.js turns into an authenticated POST; missing is what to say if the API answers 404. */
    static String actionButton(String label, String url, String confirm, String missing) {
        return "<button type=\"button\" class=\"action\" data-url=\"" + escape(url) + "\" data-confirm=\"" + escape(confirm)
                + "\"" + (missing == null ? "" : " data-missing=\"" + escape(missing) + "\"") + ">" + escape(label) + "</button>";
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A table: header cells, then rows of already-escaped cells; an empty table says so. */
    static void table(StringBuilder html, String id, List<String> headers, List<List<String>> rows, String empty) {
        if (rows.isEmpty()) {
            html.append("<p class=\"empty\" id=\"").append(id).append("-empty\">").append(escape(empty)).append("</p>");
            return;
        }
        html.append("<div class=\"scroll\"><table id=\"").append(id).append("\"><thead><tr>");
        headers.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(cell).append("</td>"));
            html.append("</tr>");
        }
        html.append("</tbody></table></div>");
    }

    /** "Page n of m" with previous / next links that keep the page's other query parameters. */
    static void pager(StringBuilder html, String path, Map<String, String> query, Paging.Request request, long total) {
        long pages = Math.max(1, (total + request.pageSize() - 1) / request.pageSize());
        html.append("<p class=\"pager\">").append(total).append(total == 1 ? " item" : " items").append(" · page ")
                .append(request.page()).append(" of ").append(pages);
        if (request.page() > 1) {
            html.append(" <a href=\"").append(escape(url(path, query, request.page() - 1))).append("\">← previous</a>");
        }
        if (request.page() < pages) {
            html.append(" <a href=\"").append(escape(url(path, query, request.page() + 1))).append("\">next →</a>");
        }
        html.append("</p>");
    }

    static String url(String path, Map<String, String> query, int page) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("page", String.valueOf(page));
        StringBuilder url = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                url.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
                sep = '&';
            }
        }
        return url.toString();
    }

    static long total(List<Map<String, Object>> rows) {
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("total_count")).longValue();
    }
}

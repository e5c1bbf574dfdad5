package dev.payroute.http;

import org.apache.camel.Exchange;

/**
 * An HTML rendering of a refusal, for routes that serve pages to a browser (the admin page): a route sets it
 * as the route variable {@code problemPage}, and {@link ProblemResponder} answers with it instead of
 * problem+json when the caller asked for HTML. The status stays the refusal's own.
 */
public interface ProblemPage {

    /** The route variable a page route sets to its ProblemPage. */
    String VARIABLE = "problemPage";

    /** The page for this status, with the refusal's detail (already safe to show: no secrets, escaped by the page). */
    String render(int status, String detail);

    /** True when the request prefers text/html: a browser navigation, or the admin page's own fetch. */
    static boolean wanted(Exchange exchange) {
        String accept = exchange.getMessage().getHeader("Accept", String.class);
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }
}

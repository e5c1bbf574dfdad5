package dev.payroute.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URLs a caller gives for a customer's browser to be sent to (success_url, cancel_url, return_url): an
 * absolute http or https URL (scheme in any case) whose host is a DNS name of valid labels, an IPv4 address
 * or a bracketed IPv6 address, with an optional port from 1 to 65535, no user information, and a path, query
 * and fragment java.net.URI parses (so no spaces, no bad percent-escapes). Stripe refuses what is not a URL
 * (url_invalid); a caller's mistake is refused here, naming the field, before anything is created.
 */
public final class RedirectUrls {

    /** The length limit every string field of a request has (RequestFields). */
    public static final int MAX_LENGTH = 500;

    /** Stripe's template variable in a Checkout success_url, replaced by the session's id when it redirects. */
    public static final String CHECKOUT_SESSION_ID = "{CHECKOUT_SESSION_ID}";

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    private RedirectUrls() {
    }

    /** The URL (its scheme in lower case), or null when none was sent; anything else is refused naming field. */
    public static String require(String field, String value) {
        return check(field, value, false);
    }

    /** As {@link #require}, also taking Stripe's {CHECKOUT_SESSION_ID} in the path, query or fragment. */
    public static String requireCheckoutSuccess(String field, String value) {
        return check(field, value, true);
    }

    private static String check(String field, String value, boolean sessionPlaceholder) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            throw refused(field, "must be at most " + MAX_LENGTH + " characters");
        }
        String parsed = sessionPlaceholder ? value.replace(CHECKOUT_SESSION_ID, "CHECKOUT_SESSION_ID") : value;
        URI uri;
        try {
            uri = new URI(parsed);
        } catch (URISyntaxException e) {
            // Not e.getMessage(): it repeats the whole value.
            throw refused(field, "does not parse as a URL (" + e.getReason().toLowerCase(Locale.ROOT)
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "") + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw refused(field, "must be an absolute http or https URL");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw refused(field, "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(field, "must not carry a user name or password");
        }
        if (uri.getHost() == null || !validHost(uri.getHost())) {
            throw refused(field, "has no valid host (a DNS name, an IPv4 address or a bracketed IPv6 address)");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw refused(field, "has a port outside 1 to 65535");
        }
        return scheme.toLowerCase(Locale.ROOT) + value.substring(scheme.length());
    }

    /** URI has checked a bracketed IPv6 address already; a name is checked label by label. */
    private static boolean validHost(String host) {
        if (host.startsWith("[")) {
            return true;
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            return IPV4.matcher(host).matches();
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // A numeric last label makes a browser read the host as an IPv4 address (WHATWG URL).
        return !DIGITS_AND_DOTS.matcher(labels[labels.length - 1]).matches();
    }

    private static Refusal refused(String field, String why) {
        return Refusal.unprocessable(field, field + " " + why);
    }
}

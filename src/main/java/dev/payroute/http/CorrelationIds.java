package dev.payroute.http;

import dev.payroute.RouteVariables;
import org.apache.camel.Header;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request's correlation id (interceptFrom in routes/config/api-errors): the caller's X-Correlation-Id
 * when it is well formed, else a new one. Kept once chosen, so routes called from other HTTP routes share it.
 */
public final class CorrelationIds {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public String assign(@Header("X-Correlation-Id") String given, @Header(RouteVariables.CORRELATION_ID) String current) {
        if (current != null) {
            return current;
        }
        return given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}

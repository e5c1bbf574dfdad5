package dev.payroute.stripe.standin;

import com.stripe.Stripe;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Stripe-Version} header. The stand-in answers as one API version only, the one
 * stripe-java is pinned to; a request without the header gets that one (as an account's default
 * would). Anything else is refused rather than answered in the wrong shape: a string that is no
 * Stripe version with Stripe's own 400, an older version with a 400 that says the stand-in does not
 * model it.
 */
final class ApiVersions {
  static final String PINNED = Stripe.API_VERSION;
  /** {@code 2026-07-29.dahlia}, or a date alone as versions before 2024-09-30.acacia were. */
  private static final Pattern FORMAT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(\\.[a-z]+)?");

  private ApiVersions() {}

  static void check(String header) {
    if (header == null || header.equals(PINNED)) {
      return;
    }
    Matcher m = FORMAT.matcher(header);
    if (m.matches() && isReleasedBy(m.group(1), PINNED.substring(0, 10))) {
      throw ApiError.invalidRequest(
          "api_version_unsupported_by_standin",
          "The offline Stripe stand-in answers as API version " + PINNED + " only, not " + header
              + ". Send Stripe-Version: " + PINNED + " (or no Stripe-Version header).",
          null);
    }
    throw ApiError.invalidRequest("Invalid Stripe API version: " + header, null);
  }

  private static boolean isReleasedBy(String date, String pinnedDate) {
    try {
      return !LocalDate.parse(date).isAfter(LocalDate.parse(pinnedDate));
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}

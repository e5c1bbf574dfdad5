package dev.payroute.stripe.standin;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The presentment currencies Stripe accepts (docs.stripe.com/currencies) and the minimum charge of
 * every currency Stripe lists one for, so that a currency or an amount Stripe would refuse is refused
 * here the same way: on PaymentIntent create and update, and on a Checkout Session's total.
 */
final class Currencies {
  private static final Set<String> SUPPORTED = Set.of(
      "usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt", "bgn",
      "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "clp", "cny", "cop",
      "crc", "cve", "czk", "djf", "dkk", "dop", "dzd", "egp", "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip",
      "gmd", "gnf", "gtq", "gyd", "hkd", "hnl", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jpy", "kes",
      "kgs", "khr", "kmf", "krw", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd",
      "mmk", "mnt", "mop", "mur", "mvr", "mwk", "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd",
      "pab", "pen", "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd", "rub", "rwf", "sar", "sbd", "scr",
      "sek", "sgd", "shp", "sle", "sos", "srd", "std", "szl", "thb", "tjs", "top", "try", "ttd", "twd", "tzs",
      "uah", "ugx", "uyu", "uzs", "vnd", "vuv", "wst", "xaf", "xcd", "xof", "xpf", "yer", "zar", "zmw");

  /**
   * Stripe's minimum charge per currency, in minor units, from its table "Minimum and maximum charge
   * amounts" (docs.stripe.com/currencies). Stripe applies the minimum of the settlement currency
   * after conversion; the stand-in converts nothing, so it applies the listed minimum to a charge in
   * that currency and checks no minimum for a currency Stripe does not list.
   */
  private static final Map<String, Long> MINIMUMS = Map.ofEntries(
      Map.entry("usd", 50L), Map.entry("aed", 200L), Map.entry("ars", 50L), Map.entry("aud", 50L),
      Map.entry("brl", 50L), Map.entry("cad", 50L), Map.entry("chf", 50L), Map.entry("cop", 50L),
      Map.entry("czk", 1_500L), Map.entry("dkk", 250L), Map.entry("eur", 50L), Map.entry("gbp", 30L),
      Map.entry("hkd", 400L), Map.entry("huf", 17_500L), Map.entry("idr", 50L), Map.entry("ils", 50L),
      Map.entry("inr", 50L), Map.entry("jpy", 50L), Map.entry("krw", 50L), Map.entry("mxn", 1_000L),
      Map.entry("myr", 200L), Map.entry("nok", 300L), Map.entry("nzd", 50L), Map.entry("php", 50L),
      Map.entry("pln", 200L), Map.entry("ron", 200L), Map.entry("rub", 50L), Map.entry("sek", 300L),
      Map.entry("sgd", 50L), Map.entry("thb", 1_000L), Map.entry("zar", 50L));

  private Currencies() {}

  static void requireSupported(String currency, String param) {
    if (!SUPPORTED.contains(currency)) {
      throw ApiError.invalidRequest(
          "Invalid currency: " + currency + ". Stripe currently supports these currencies: "
              + String.join(", ", SUPPORTED.stream().sorted().toList()),
          param);
    }
  }

  /** A PaymentIntent's amount (created or updated): Stripe's {@code amount_too_small} below the minimum. */
  static void requireMinimum(long amount, String currency, String param) {
    minimumAbove(amount, currency).ifPresent(minimum -> {
      throw ApiError.invalidRequest("amount_too_small", "Amount must be at least " + minimum, param);
    });
  }

  /** A Checkout Session's total, which Stripe checks when the session is created. */
  static void requireCheckoutMinimum(long total, String currency) {
    minimumAbove(total, currency).ifPresent(minimum -> {
      throw ApiError.invalidRequest(
          "amount_too_small", "The Checkout Session's total amount due must add up to at least " + minimum, null);
    });
  }

  /** The currency's minimum, formatted as Stripe's errors show it ("$0.50 usd"), when {@code amount} is below it. */
  private static Optional<String> minimumAbove(long amount, String currency) {
    Long minimum = MINIMUMS.get(currency);
    if (minimum == null || amount >= minimum) {
      return Optional.empty();
    }
    return Optional.of(format(minimum, currency) + " " + currency);
  }

  private static String format(long minor, String currency) {
    int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
    String major = BigDecimal.valueOf(minor, digits).toPlainString();
    return "usd".equals(currency) ? "$" + major : major;
  }
}

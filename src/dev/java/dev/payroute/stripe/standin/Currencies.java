package dev.payroute.stripe.standin;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The presentment currencies Stripe accepts (docs.stripe.com/currencies) and the minimum charge of the
 * common ones, so that a currency or an amount Stripe would refuse is refused here the same way.
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

  /** Minimum charge amounts in minor units; currencies not listed here are not checked. */
  private static final Map<String, Long> MINIMUMS = Map.ofEntries(
      Map.entry("usd", 50L), Map.entry("eur", 50L), Map.entry("gbp", 30L), Map.entry("aud", 50L),
      Map.entry("cad", 50L), Map.entry("chf", 50L), Map.entry("nzd", 50L), Map.entry("sgd", 50L),
      Map.entry("brl", 50L), Map.entry("inr", 50L), Map.entry("jpy", 50L), Map.entry("hkd", 400L),
      Map.entry("mxn", 1_000L), Map.entry("dkk", 250L), Map.entry("nok", 300L), Map.entry("sek", 300L),
      Map.entry("pln", 200L), Map.entry("czk", 1_500L));

  private Currencies() {}

  static void requireSupported(String currency, String param) {
    if (!SUPPORTED.contains(currency)) {
      throw ApiError.invalidRequest(
          "Invalid currency: " + currency + ". Stripe currently supports these currencies: "
              + String.join(", ", SUPPORTED.stream().sorted().toList()),
          param);
    }
  }

  static void requireMinimum(long amount, String currency, String param) {
    Long minimum = MINIMUMS.get(currency);
    if (minimum != null && amount < minimum) {
      throw ApiError.invalidRequest(
          "amount_too_small", "Amount must be at least " + format(minimum, currency) + " " + currency, param);
    }
  }

  private static String format(long minor, String currency) {
    int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
    String major = BigDecimal.valueOf(minor, digits).toPlainString();
    return "usd".equals(currency) ? "$" + major : major;
  }
}

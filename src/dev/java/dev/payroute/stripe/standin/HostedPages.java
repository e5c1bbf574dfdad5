package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bare HTML pages standing in for Stripe's hosted checkout, 3-D Secure challenge and receipts. */
final class HostedPages {
  private HostedPages() {}

  static String checkout(ObjectNode session) {
    String id = escape(session.get("id").asText());
    String amount = session.get("amount_total").asLong() + " " + escape(session.get("currency").asText()) + " (minor units)";
    String status = escape(session.get("status").asText());
    return page(
        "Checkout " + id,
        "<p>Amount: " + amount + "</p><p>Status: " + status + "</p>"
            + button("/_standin/checkout/sessions/" + id + "/complete", "Pay with test card 4242")
            + button("/_standin/checkout/sessions/" + id + "/expire", "Cancel (expire session)"));
  }

  static String threeDSecure(String paymentIntentId) {
    String id = escape(paymentIntentId);
    return page(
        "3-D Secure for " + id,
        "<form method=\"post\" action=\"/_standin/payment_intents/" + id + "/authenticate\">"
            + "<button name=\"outcome\" value=\"succeed\">Complete authentication</button>"
            + "<button name=\"outcome\" value=\"fail\">Fail authentication</button></form>");
  }

  static String receipt(String chargeId) {
    return page("Receipt", "<p>Receipt for charge " + escape(chargeId) + " (Stripe stand-in).</p>");
  }

  private static String button(String action, String label) {
    return "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"redirect\" value=\"true\">"
        + "<button>" + escape(label) + "</button></form>";
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body><h1>"
        + escape(title) + "</h1>" + body + "</body></html>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

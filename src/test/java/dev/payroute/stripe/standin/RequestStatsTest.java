package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestStatsTest {

  @Test
  void a_path_is_cut_before_its_first_object_id() {
    assertEquals("/v1/payment_intents/", RequestStats.shape("/v1/payment_intents/pi_3NfA1b2C/confirm"));
    assertEquals("/v1/checkout/sessions/", RequestStats.shape("/v1/checkout/sessions/cs_test_a1B2/line_items"));
    assertEquals("/v1/refunds", RequestStats.shape("/v1/refunds"));
    assertEquals("/v1/payment_methods/pm_card_visa", RequestStats.shape("/v1/payment_methods/pm_card_visa"));
  }

  @Test
  void counts_stay_exact_by_resource_beyond_the_paths_kept_one_by_one() {
    RequestStats stats = new RequestStats();
    int payments = RequestStats.EXACT_PATHS + 500;
    for (int i = 0; i < payments; i++) {
      String confirm = "/v1/payment_intents/pi_" + i + "X/confirm";
      stats.recordReceived("POST", "/v1/payment_intents");
      stats.recordExecuted("POST", "/v1/payment_intents");
      stats.recordReceived("POST", confirm);
      stats.recordReceived("POST", confirm);
      stats.recordExecuted("POST", confirm);
    }
    stats.recordReceived("GET", "/v1/refunds");

    assertEquals(3 * payments, stats.received("POST", "/v1/payment_intents"));
    assertEquals(2 * payments, stats.executed("POST", "/v1/"));
    assertEquals(3 * payments + 1, stats.received("*", "/v1/"));
    assertEquals(1, stats.received(null, "/v1/refunds"));
    String last = "/v1/payment_intents/pi_" + (payments - 1) + "X/confirm";
    assertEquals(2, stats.received("POST", last), "recent paths are counted one by one");
    assertEquals(1, stats.executed("post", last));
    assertEquals(0, stats.received("POST", "/v1/payment_intents/pi_0X/confirm"), "the oldest path was folded");
  }
}

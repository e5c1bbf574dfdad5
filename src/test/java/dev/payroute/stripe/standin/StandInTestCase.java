package dev.payroute.stripe.standin;

import com.stripe.StripeClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh stand-in per test, and stripe-java pointed at it. */
abstract class StandInTestCase {
  protected StripeStandIn standIn;
  protected StripeClient stripe;

  @BeforeEach
  void startStandIn() {
    standIn = StripeStandIn.start(new StripeStandIn.Options());
    stripe = StandInTestSupport.client(standIn);
  }

  @AfterEach
  void stopStandIn() {
    standIn.close();
  }
}

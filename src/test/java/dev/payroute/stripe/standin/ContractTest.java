package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.client;
import static dev.payroute.stripe.standin.StandInTestSupport.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every object the stand-in returns through the API carries every top-level key of Stripe's own
 * example object for that resource (stripe/openapi fixtures3.json, see src/test/resources/stripe-fixtures).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest {
  private static final String FIXTURES = "/stripe-fixtures/stripe-example-objects.json";

  private StripeStandIn standIn;
  private StripeClient stripe;
  private JsonNode examples;
  private final Map<String, ObjectNode> returned = new LinkedHashMap<>();

  @BeforeAll
  void collectObjectsFromTheApi() throws IOException, StripeException {
    try (InputStream in = ContractTest.class.getResourceAsStream(FIXTURES)) {
      examples = new ObjectMapper().readTree(in).get("resources");
    }
    standIn = StripeStandIn.start(new StripeStandIn.Options());
    stripe = client(standIn);

    String customer = keep("customer", stripe.v1().customers().create(
        CustomerCreateParams.builder().setEmail("contract@example.com").build())).get("id").asText();
    PaymentIntent pi = stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(5_000L).setCurrency("usd").addPaymentMethodType("card").setCustomer(customer)
            .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    keep("payment_intent", pi);
    keep("charge", stripe.v1().charges().retrieve(pi.getLatestCharge()));
    keep("payment_method", stripe.v1().paymentMethods().retrieve("pm_card_visa"));
    keep("refund", stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(1_000L).build()));
    keep("checkout.session", stripe.v1().checkout().sessions().create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/success")
            .addLineItem(StandInTestSupport.lineItem("Book", 1_000L, 1L))
            .build()));
    String account = keep("account", stripe.v1().accounts().create(
        AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS).build())).get("id").asText();
    keep("transfer", stripe.v1().transfers().create(
        TransferCreateParams.builder().setAmount(1_000L).setCurrency("usd").setDestination(account).build()));
    String disputeId = standIn.createDispute(pi.getLatestCharge()).get("id").asText();
    keep("dispute", stripe.v1().disputes().retrieve(disputeId));
    String eventId = stripe.v1().events().list(EventListParams.builder().setType("payment_intent.succeeded").build())
        .getData().get(0).getId();
    keep("event", stripe.v1().events().retrieve(eventId));
  }

  @AfterAll
  void stop() {
    standIn.close();
  }

  private ObjectNode keep(String resource, StripeObject object) {
    ObjectNode json = rawJson(object);
    returned.put(resource, json);
    return json;
  }

  @TestFactory
  Stream<DynamicTest> everyExampleKeyIsPresent() {
    List<DynamicTest> tests = new ArrayList<>();
    Iterator<String> names = examples.fieldNames();
    while (names.hasNext()) {
      String resource = names.next();
      tests.add(DynamicTest.dynamicTest(resource, () -> {
        JsonNode example = examples.get(resource);
        ObjectNode actual = returned.get(resource);
        assertTrue(actual != null, "no object collected for " + resource);
        assertEquals(example.get("object").asText(), actual.get("object").asText(), resource + ".object");
        TreeSet<String> missing = new TreeSet<>();
        example.fieldNames().forEachRemaining(key -> {
          if (!actual.has(key)) {
            missing.add(key);
          }
        });
        assertTrue(missing.isEmpty(), resource + " lacks Stripe's keys " + missing);
      }));
    }
    assertEquals(10, tests.size(), "fixture resources");
    return tests.stream();
  }
}

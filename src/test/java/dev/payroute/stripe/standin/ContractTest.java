package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.StandInTestSupport.client;
import static dev.payroute.stripe.standin.StandInTestSupport.rawJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.EventDataClassLookup;
import com.stripe.model.LineItem;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.ChargeListParams;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionLineItemListParams;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every object the stand-in answers matches Stripe in two ways. Against Stripe's own example object
 * for its resource (stripe/openapi fixtures3.json, see src/test/resources/stripe-fixtures) it has
 * exactly the example's keys, none missing and none extra, at the top and inside every nested object
 * the example shows. Against the stripe-java model class generated for the pinned API version
 * (33.3.0: 2026-07-29.dahlia) every property, at any depth, is one the model knows, holding a JSON
 * value of the model's type ({@link StripeModelShape}); further answers (3-D Secure, holds, captures,
 * declines, expansions, lists, every event) are held to the model too.
 *
 * <p>Where an answer and its example differ, the two lists below name the key and the reason; nothing
 * else may differ. Both agree on {@code source} of PaymentIntents and charges: the example has it and
 * so does the dahlia model (PaymentIntent.source, Charge.source), so the stand-in answers it (null).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest {
  private static final String FIXTURES = "/stripe-fixtures/stripe-example-objects.json";

  /** Keys, at any depth, that an example shows and dahlia answers only on request, and why. */
  private static final Map<String, Map<String, String>> EXAMPLE_ONLY = Map.of(
      "charge", Map.of("refunds", "since 2022-11-15 only with expand[]=refunds"
          + " (https://docs.stripe.com/changelog/2022-11-15/deprecates-charges-auto-expand)"));

  private static final String PLATFORM_CONTROLS = "a connected account the platform controls describes that control;"
      + " the example is an account that controls itself (controller.type=account)";
  private static final String CARD_REFUND = "a card refund's acquirer reference; the example is a reversal";
  private static final String EMBEDDED = "only on embedded_page and elements sessions; the example is a hosted page";

  /**
   * Keys, at any depth, that the stand-in answers and the example has not: each is a dahlia property (the
   * model check proves it) that the spec leaves optional, shown in a state the example does not show.
   */
  private static final Map<String, Map<String, String>> ANSWER_ONLY = Map.of(
      "account", Map.of(
          "controller.fees", PLATFORM_CONTROLS,
          "controller.is_controller", PLATFORM_CONTROLS,
          "controller.losses", PLATFORM_CONTROLS,
          "controller.requirement_collection", PLATFORM_CONTROLS,
          "controller.stripe_dashboard", PLATFORM_CONTROLS),
      "charge", Map.of("outcome.risk_level", "Radar's assessment, present for a card payment Radar evaluated"),
      "checkout.session", Map.of("redirect_on_completion", EMBEDDED, "return_url", EMBEDDED),
      "refund", Map.of(
          "destination_details.card.reference_status", CARD_REFUND,
          "destination_details.card.reference_type", CARD_REFUND));

  private StripeStandIn standIn;
  private StripeClient stripe;
  private JsonNode examples;
  /** Objects answered by the API, by fixture resource: each is compared with the example and the model. */
  private final Map<String, List<ObjectNode>> byResource = new LinkedHashMap<>();
  /** Further answers in other states or shapes, compared with the model only. */
  private final Map<String, JsonNode> moreAnswers = new LinkedHashMap<>();
  private final Map<String, Class<?>> listItemModels = new LinkedHashMap<>();

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
        cardIntent(5_000).setCustomer(customer).setPaymentMethod("pm_card_visa").setConfirm(true).build());
    keep("payment_intent", pi);
    keep("charge", stripe.v1().charges().retrieve(pi.getLatestCharge()));
    PaymentIntent authenticated = stripe.v1().paymentIntents().create(
        cardIntent(2_500).setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).build());
    standIn.authenticate(authenticated.getId(), true);
    keep("charge", stripe.v1().charges().retrieve(
        stripe.v1().paymentIntents().retrieve(authenticated.getId()).getLatestCharge()));
    keep("payment_method", stripe.v1().paymentMethods().retrieve("pm_card_visa"));
    Refund refund = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(1_000L).build());
    keep("refund", refund);
    String session = keep("checkout.session", stripe.v1().checkout().sessions().create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/success")
            .addLineItem(StandInTestSupport.lineItem("Book", 1_000L, 1L))
            .build())).get("id").asText();
    standIn.completeCheckoutSession(session);
    keep("checkout.session", stripe.v1().checkout().sessions().retrieve(session));
    keep("checkout.session", stripe.v1().checkout().sessions().create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setUiMode(SessionCreateParams.UiMode.EMBEDDED_PAGE)
            .setReturnUrl("https://shop.example/back")
            .addLineItem(StandInTestSupport.lineItem("Book", 1_000L, 1L))
            .build()));
    String account = keep("account", stripe.v1().accounts().create(
        AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS).build())).get("id").asText();
    keep("account", stripe.v1().accounts().retrieveCurrent());
    keep("transfer", stripe.v1().transfers().create(
        TransferCreateParams.builder().setAmount(1_000L).setCurrency("usd").setDestination(account).build()));
    String disputeId = standIn.createDispute(pi.getLatestCharge()).get("id").asText();
    keep("dispute", stripe.v1().disputes().retrieve(disputeId));
    String eventId = stripe.v1().events().list(EventListParams.builder().setType("payment_intent.succeeded").build())
        .getData().get(0).getId();
    keep("event", stripe.v1().events().retrieve(eventId));

    collectOtherStates(pi, refund, session);
  }

  /** Answers in the states payroute meets: 3-D Secure, holds, captures, declines, expansions, lists, events. */
  private void collectOtherStates(PaymentIntent paid, Refund refund, String session) throws StripeException {
    more("payment_intent needing 3-D Secure in Stripe.js", stripe.v1().paymentIntents().create(
        cardIntent(2_000).setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).build()));
    more("payment_intent needing 3-D Secure by redirect", stripe.v1().paymentIntents().create(
        cardIntent(2_000).setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true)
            .setReturnUrl("https://shop.example/back").build()));
    more("payment_intent with latest_charge.refunds expanded", stripe.v1().paymentIntents().retrieve(paid.getId(),
        PaymentIntentRetrieveParams.builder().addExpand("latest_charge.refunds").build(), RequestOptions.getDefault()));
    more("charge with refunds expanded", stripe.v1().charges().retrieve(refund.getCharge(),
        ChargeRetrieveParams.builder().addExpand("refunds").build(), RequestOptions.getDefault()));

    PaymentIntent hold = stripe.v1().paymentIntents().create(cardIntent(3_000)
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    more("payment_intent requiring capture", hold);
    more("uncaptured charge", stripe.v1().charges().retrieve(hold.getLatestCharge()));
    more("partially captured payment_intent", stripe.v1().paymentIntents().capture(
        hold.getId(), PaymentIntentCaptureParams.builder().setAmountToCapture(1_200L).build()));
    more("partially captured charge", stripe.v1().charges().retrieve(hold.getLatestCharge()));
    PaymentIntent released = stripe.v1().paymentIntents().create(cardIntent(3_000)
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).build());
    more("canceled payment_intent", stripe.v1().paymentIntents().cancel(released.getId()));
    more("charge of a canceled hold", stripe.v1().charges().retrieve(released.getLatestCharge()));

    CardException declined = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().create(
        cardIntent(1_000).setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build()));
    more("payment_intent after a decline", stripe.v1().paymentIntents().retrieve(
        declined.getStripeError().getPaymentIntent().getId()));
    more("failed charge", stripe.v1().charges().retrieve(declined.getCharge()));

    list("charge list", Charge.class, stripe.v1().charges().list(ChargeListParams.builder().setLimit(100L).build()));
    list("refund list", Refund.class, stripe.v1().refunds().list(RefundListParams.builder().build()));
    list("checkout line item list", LineItem.class, stripe.v1().checkout().sessions().lineItems().list(
        session, SessionLineItemListParams.builder().build()));
    list("event list", Event.class, stripe.v1().events().list(EventListParams.builder().setLimit(100L).build()));
  }

  @AfterAll
  void stop() {
    standIn.close();
  }

  private static PaymentIntentCreateParams.Builder cardIntent(long amount) {
    return PaymentIntentCreateParams.builder().setAmount(amount).setCurrency("usd").addPaymentMethodType("card");
  }

  private ObjectNode keep(String resource, StripeObject object) {
    ObjectNode json = rawJson(object);
    byResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(json);
    return json;
  }

  private void more(String name, StripeObject object) {
    moreAnswers.put(name, rawJson(object));
  }

  private void list(String name, Class<?> itemModel, StripeObject list) {
    moreAnswers.put(name, rawJson(list));
    listItemModels.put(name, itemModel);
  }

  @TestFactory
  Stream<DynamicTest> everyAnswerHasExactlyTheExampleKeys() {
    List<DynamicTest> tests = new ArrayList<>();
    examples.fieldNames().forEachRemaining(resource -> tests.add(DynamicTest.dynamicTest(resource, () -> {
      JsonNode example = examples.get(resource);
      List<ObjectNode> answers = byResource.get(resource);
      assertNotNull(answers, "no object collected for " + resource);
      List<String> differences = new ArrayList<>();
      for (ObjectNode actual : answers) {
        assertEquals(example.get("object").asText(), actual.get("object").asText(), resource + ".object");
        List<String> ofThisAnswer = new ArrayList<>();
        compareKeys(resource, "", example, actual, ofThisAnswer);
        ofThisAnswer.forEach(d -> differences.add(actual.path("id").asText() + " " + d));
      }
      assertTrue(differences.isEmpty(), resource + ": " + differences);
    })));
    assertEquals(10, tests.size(), "fixture resources");
    return tests.stream();
  }

  /**
   * Both ways, at every depth where the example shows a nested object: free-form maps (metadata),
   * an event's payload (the example's is a Plan) and empty example objects say nothing about keys.
   */
  private static void compareKeys(String resource, String path, JsonNode example, JsonNode actual, List<String> out) {
    Map<String, String> exampleOnly = EXAMPLE_ONLY.getOrDefault(resource, Map.of());
    Map<String, String> answerOnly = ANSWER_ONLY.getOrDefault(resource, Map.of());
    example.fieldNames().forEachRemaining(key -> {
      String at = path + key;
      if (!actual.has(key) && !exampleOnly.containsKey(at)) {
        out.add("lacks " + at);
      }
    });
    actual.fieldNames().forEachRemaining(key -> {
      String at = path + key;
      if (!example.has(key)) {
        if (!answerOnly.containsKey(at)) {
          out.add("has " + at + ", which the example has not");
        }
        return;
      }
      JsonNode e = example.get(key);
      JsonNode a = actual.get(key);
      boolean freeForm = key.equals("metadata") || (resource.equals("event") && key.equals("data"));
      if (!freeForm && e.isObject() && !e.isEmpty() && a.isObject()) {
        compareKeys(resource, at + ".", e, a, out);
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> everyAnswerFitsStripeJavasDahliaModel() {
    List<DynamicTest> tests = new ArrayList<>();
    byResource.forEach((resource, answers) -> tests.add(DynamicTest.dynamicTest(resource, () -> {
      Class<?> model = EventDataClassLookup.classLookup.get(resource);
      assertNotNull(model, "stripe-java has no model for " + resource);
      List<String> problems = new ArrayList<>();
      answers.forEach(answer -> problems.addAll(StripeModelShape.problems(answer, model)));
      assertTrue(problems.isEmpty(), resource + ": " + problems);
    })));
    moreAnswers.forEach((name, answer) -> tests.add(DynamicTest.dynamicTest(name, () -> {
      Class<?> itemModel = listItemModels.get(name);
      List<String> problems = itemModel != null
          ? StripeModelShape.listProblems(answer, itemModel)
          : StripeModelShape.problems(answer, EventDataClassLookup.classLookup.get(answer.path("object").asText()));
      assertTrue(problems.isEmpty(), name + ": " + problems);
    })));
    return tests.stream();
  }

  /** The model check itself: a property the model lacks, or a value of the wrong JSON type, fails it. */
  @Test
  void theModelCheckCatchesUnknownPropertiesAndWrongTypes() throws IOException {
    ObjectNode charge = (ObjectNode) new ObjectMapper().readTree(
        "{\"object\":\"charge\",\"amount\":100,\"payment_method_details\":{\"card\":{\"brand\":\"visa\"}},"
            + "\"refunds\":{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/charges/ch_1/refunds\"}}");
    assertEquals(List.of(), StripeModelShape.problems(charge, Charge.class));

    charge.put("amount", "100");
    ((ObjectNode) charge.at("/payment_method_details/card")).put("not_a_card_field", 1);
    ((ObjectNode) charge.get("refunds")).put("total_count", 0);
    assertEquals(
        List.of("amount: should be an integer",
            "payment_method_details.card.not_a_card_field: not a property of "
                + Charge.PaymentMethodDetails.Card.class.getName() + " in stripe-java's model",
            "refunds.total_count: not a property of a Stripe list"),
        StripeModelShape.problems(charge, Charge.class));
  }
}

package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountListParams;
import com.stripe.param.AccountRetrieveCurrentParams;
import com.stripe.param.AccountRetrieveParams;
import com.stripe.param.AccountUpdateParams;
import com.stripe.param.BalanceRetrieveParams;
import com.stripe.param.ChargeListParams;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.ChargeSearchParams;
import com.stripe.param.ChargeUpdateParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerPaymentMethodListParams;
import com.stripe.param.CustomerPaymentMethodRetrieveParams;
import com.stripe.param.CustomerRetrieveParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.DisputeCloseParams;
import com.stripe.param.DisputeListParams;
import com.stripe.param.DisputeRetrieveParams;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.EventRetrieveParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.PaymentMethodDetachParams;
import com.stripe.param.PaymentMethodListParams;
import com.stripe.param.PaymentMethodRetrieveParams;
import com.stripe.param.PaymentMethodUpdateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.RefundRetrieveParams;
import com.stripe.param.RefundUpdateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import com.stripe.param.TransferRetrieveParams;
import com.stripe.param.TransferReversalCreateParams;
import com.stripe.param.TransferReversalListParams;
import com.stripe.param.TransferReversalRetrieveParams;
import com.stripe.param.TransferReversalUpdateParams;
import com.stripe.param.TransferUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionExpireParams;
import com.stripe.param.checkout.SessionListLineItemsParams;
import com.stripe.param.checkout.SessionListParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import com.stripe.param.checkout.SessionUpdateParams;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The stand-in's parameter table ({@link EndpointParams}) against stripe-java's request classes for
 * the pinned API version: the same names at every declared level, compatible types, the same enum
 * values. Then the request check, driven by the same table: on every endpoint an unknown parameter
 * is {@code parameter_unknown} and every parameter Stripe knows but the stand-in does not model is
 * {@code parameter_unsupported_by_standin}, each naming the parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParamTableContractTest {
  /** Which stripe-java request class describes each endpoint. No endpoint may be missing here. */
  static final Map<String, Class<?>> REFERENCE = Map.ofEntries(
      Map.entry("POST /v1/payment_intents", PaymentIntentCreateParams.class),
      Map.entry("GET /v1/payment_intents", PaymentIntentListParams.class),
      Map.entry("GET /v1/payment_intents/{id}", PaymentIntentRetrieveParams.class),
      Map.entry("POST /v1/payment_intents/{id}", PaymentIntentUpdateParams.class),
      Map.entry("POST /v1/payment_intents/{id}/confirm", PaymentIntentConfirmParams.class),
      Map.entry("POST /v1/payment_intents/{id}/capture", PaymentIntentCaptureParams.class),
      Map.entry("POST /v1/payment_intents/{id}/cancel", PaymentIntentCancelParams.class),
      Map.entry("GET /v1/payment_intents/search", PaymentIntentSearchParams.class),
      Map.entry("POST /v1/customers", CustomerCreateParams.class),
      Map.entry("GET /v1/customers", CustomerListParams.class),
      Map.entry("GET /v1/customers/{id}", CustomerRetrieveParams.class),
      Map.entry("POST /v1/customers/{id}", CustomerUpdateParams.class),
      Map.entry("POST /v1/payment_methods", PaymentMethodCreateParams.class),
      Map.entry("GET /v1/payment_methods/{id}", PaymentMethodRetrieveParams.class),
      Map.entry("POST /v1/payment_methods/{id}", PaymentMethodUpdateParams.class),
      Map.entry("POST /v1/payment_methods/{id}/attach", PaymentMethodAttachParams.class),
      Map.entry("POST /v1/payment_methods/{id}/detach", PaymentMethodDetachParams.class),
      Map.entry("GET /v1/payment_methods", PaymentMethodListParams.class),
      Map.entry("GET /v1/customers/{customer}/payment_methods", CustomerPaymentMethodListParams.class),
      Map.entry("GET /v1/customers/{customer}/payment_methods/{payment_method}",
          CustomerPaymentMethodRetrieveParams.class),
      Map.entry("GET /v1/charges", ChargeListParams.class),
      Map.entry("GET /v1/charges/{id}", ChargeRetrieveParams.class),
      Map.entry("POST /v1/charges/{id}", ChargeUpdateParams.class),
      Map.entry("GET /v1/charges/search", ChargeSearchParams.class),
      Map.entry("POST /v1/refunds", RefundCreateParams.class),
      Map.entry("GET /v1/refunds", RefundListParams.class),
      Map.entry("GET /v1/refunds/{id}", RefundRetrieveParams.class),
      Map.entry("POST /v1/refunds/{id}", RefundUpdateParams.class),
      Map.entry("GET /v1/charges/{id}/refunds", com.stripe.param.RefundCollectionListParams.class),
      Map.entry("POST /v1/checkout/sessions", SessionCreateParams.class),
      Map.entry("GET /v1/checkout/sessions", SessionListParams.class),
      Map.entry("GET /v1/checkout/sessions/{id}", SessionRetrieveParams.class),
      Map.entry("POST /v1/checkout/sessions/{id}", SessionUpdateParams.class),
      Map.entry("POST /v1/checkout/sessions/{id}/expire", SessionExpireParams.class),
      Map.entry("GET /v1/checkout/sessions/{id}/line_items", SessionListLineItemsParams.class),
      Map.entry("POST /v1/accounts", AccountCreateParams.class),
      Map.entry("GET /v1/accounts", AccountListParams.class),
      Map.entry("GET /v1/account", AccountRetrieveCurrentParams.class),
      Map.entry("GET /v1/accounts/{id}", AccountRetrieveParams.class),
      Map.entry("POST /v1/accounts/{id}", AccountUpdateParams.class),
      Map.entry("POST /v1/transfers", TransferCreateParams.class),
      Map.entry("GET /v1/transfers", TransferListParams.class),
      Map.entry("GET /v1/transfers/{id}", TransferRetrieveParams.class),
      Map.entry("POST /v1/transfers/{id}", TransferUpdateParams.class),
      Map.entry("POST /v1/transfers/{id}/reversals", TransferReversalCreateParams.class),
      Map.entry("GET /v1/transfers/{id}/reversals", TransferReversalListParams.class),
      Map.entry("GET /v1/transfers/{id}/reversals/{reversal}", TransferReversalRetrieveParams.class),
      Map.entry("POST /v1/transfers/{id}/reversals/{reversal}", TransferReversalUpdateParams.class),
      Map.entry("GET /v1/disputes", DisputeListParams.class),
      Map.entry("GET /v1/disputes/{id}", DisputeRetrieveParams.class),
      Map.entry("POST /v1/disputes/{id}", DisputeUpdateParams.class),
      Map.entry("POST /v1/disputes/{id}/close", DisputeCloseParams.class),
      Map.entry("GET /v1/events", EventListParams.class),
      Map.entry("GET /v1/events/{id}", EventRetrieveParams.class),
      Map.entry("GET /v1/balance", BalanceRetrieveParams.class));

  /**
   * Endpoints whose stripe-java request class is absent (stripe-java sends no parameters there) and
   * which therefore take none.
   */
  static final List<String> NO_PARAMETERS = List.of("DELETE /v1/customers/{id}", "DELETE /v1/accounts/{id}");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private StripeStandIn standIn;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    standIn = StripeStandIn.start(new StripeStandIn.Options());
  }

  @AfterAll
  void stop() {
    standIn.close();
  }

  @Test
  void everyEndpointHasAReference() {
    TreeSet<String> unmapped = new TreeSet<>(EndpointParams.all().keySet());
    unmapped.removeAll(REFERENCE.keySet());
    unmapped.removeAll(NO_PARAMETERS);
    assertTrue(unmapped.isEmpty(), "endpoints without a stripe-java reference class: " + unmapped);
    NO_PARAMETERS.forEach(e -> assertTrue(EndpointParams.all().get(e).params().isEmpty(), e + " takes nothing"));
  }

  @TestFactory
  Stream<DynamicTest> theTableMatchesStripeJava() {
    return REFERENCE.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
        e.getKey(), () -> {
          ParamSpec spec = EndpointParams.all().get(e.getKey());
          assertTrue(spec != null, "no table for " + e.getKey());
          List<String> problems = new ArrayList<>();
          compare(spec, StripeJavaParams.of(e.getValue()), "", problems);
          assertTrue(problems.isEmpty(), e.getKey() + ":\n  " + String.join("\n  ", problems));
        }));
  }

  /** Same names at this level; for modelled parameters, compatible types and the same enum values, recursively. */
  static void compare(ParamSpec spec, Map<String, StripeJavaParams.Node> reference, String path, List<String> problems) {
    TreeSet<String> declared = new TreeSet<>();
    spec.params().forEach(p -> declared.add(p.name()));
    TreeSet<String> missing = new TreeSet<>(reference.keySet());
    missing.removeAll(declared);
    TreeSet<String> unknown = new TreeSet<>(declared);
    unknown.removeAll(reference.keySet());
    if (!missing.isEmpty()) {
      problems.add(at(path) + "Stripe knows, table lacks: " + quoted(missing));
    }
    if (!unknown.isEmpty()) {
      problems.add(at(path) + "table declares, Stripe does not know: " + unknown);
    }
    for (ParamSpec.Param param : spec.params()) {
      StripeJavaParams.Node node = reference.get(param.name());
      if (node == null || !param.supported()) {
        continue;
      }
      String name = path.isEmpty() ? param.name() : path + "[" + param.name() + "]";
      String mismatch = typeMismatch(param, node);
      if (mismatch != null) {
        problems.add(name + ": " + mismatch);
        continue;
      }
      if (param.kind() == ParamSpec.Kind.OBJECT) {
        compare(param.children(), node.children(), name, problems);
      } else if (param.kind() == ParamSpec.Kind.OBJECT_LIST) {
        compare(param.children(), node.element().children(), name + "[]", problems);
      }
    }
  }

  private static String typeMismatch(ParamSpec.Param param, StripeJavaParams.Node node) {
    StripeJavaParams.Type_ type = node.type();
    boolean union = type == StripeJavaParams.Type_.UNION;
    switch (param.kind()) {
      case STRING, EMAIL, URL, CURRENCY:
        return type == StripeJavaParams.Type_.STRING || union ? null : "a string here, " + type + " in Stripe";
      case INTEGER:
        return type == StripeJavaParams.Type_.INTEGER || union ? null : "an integer here, " + type + " in Stripe";
      case BOOLEAN:
        return type == StripeJavaParams.Type_.BOOLEAN || union ? null : "a boolean here, " + type + " in Stripe";
      case ENUM:
        TreeSet<String> values = new TreeSet<>(param.values());
        values.addAll(param.otherValues());
        if (type == StripeJavaParams.Type_.ENUM) {
          return values.equals(new TreeSet<>(node.values()))
              ? null : "values " + values + " here, " + new TreeSet<>(node.values()) + " in Stripe";
        }
        // A union of an enum and a boolean (off_session): Stripe's enum values must all be here.
        return union && values.containsAll(node.values()) ? null : "an enum here, " + type + node.values() + " in Stripe";
      case OBJECT:
        return type == StripeJavaParams.Type_.OBJECT || (union && !node.children().isEmpty())
            ? null : "a hash here, " + type + " in Stripe";
      case OBJECT_LIST:
        return type == StripeJavaParams.Type_.LIST && node.element().type() == StripeJavaParams.Type_.OBJECT
            ? null : "a list of hashes here, " + type + " in Stripe";
      case STRING_LIST:
        return type == StripeJavaParams.Type_.LIST || union ? null : "a list of strings here, " + type + " in Stripe";
      case METADATA:
        return type == StripeJavaParams.Type_.MAP || union ? null : "metadata here, " + type + " in Stripe";
      case RANGE:
        return union && node.children().keySet().equals(java.util.Set.of("gt", "gte", "lt", "lte"))
            ? null : "a timestamp range here, " + type + node.children().keySet() + " in Stripe";
      default:
        return "unexpected kind " + param.kind();
    }
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  private static String quoted(TreeSet<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").reduce((a, b) -> a + ", " + b).orElse("");
  }

  @TestFactory
  Stream<DynamicTest> anUnknownParameterIsRefusedEverywhere() {
    return EndpointParams.all().keySet().stream().sorted().map(endpoint -> DynamicTest.dynamicTest(endpoint, () -> {
      JsonNode error = call(endpoint, "standin_no_such_param", "1");
      assertEquals("parameter_unknown", error.path("code").asText(), error.toString());
      assertEquals("standin_no_such_param", error.path("param").asText());
      assertEquals("Received unknown parameter: standin_no_such_param", error.path("message").asText());
    }));
  }

  @TestFactory
  Stream<DynamicTest> aParameterTheStandInDoesNotModelIsRefusedByName() {
    List<DynamicTest> tests = new ArrayList<>();
    EndpointParams.all().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      for (ParamSpec.Param param : e.getValue().params()) {
        if (!param.supported()) {
          tests.add(DynamicTest.dynamicTest(e.getKey() + " " + param.name(), () -> {
            JsonNode error = call(e.getKey(), param.name(), "x");
            assertEquals("parameter_unsupported_by_standin", error.path("code").asText(), error.toString());
            assertEquals(param.name(), error.path("param").asText());
          }));
        }
      }
    });
    assertTrue(tests.size() > 100, "unsupported parameters tested: " + tests.size());
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> anUnknownKeyInsideAModelledHashIsRefusedByItsFullName() {
    List<DynamicTest> tests = new ArrayList<>();
    EndpointParams.all().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      for (ParamSpec.Param param : e.getValue().params()) {
        String nested = switch (param.kind()) {
          case OBJECT -> param.name() + "[standin_no_such_key]";
          case OBJECT_LIST -> param.name() + "[0][standin_no_such_key]";
          default -> null;
        };
        if (nested != null) {
          tests.add(DynamicTest.dynamicTest(e.getKey() + " " + nested, () -> {
            JsonNode error = call(e.getKey(), nested, "1");
            assertEquals("parameter_unknown", error.path("code").asText(), error.toString());
            assertEquals(nested, error.path("param").asText());
          }));
        }
      }
    });
    return tests.stream();
  }

  /** Sends one parameter to an endpoint (path variables filled with an id that names nothing); answers its error. */
  private JsonNode call(String endpoint, String name, String value) throws IOException, InterruptedException {
    String[] parts = endpoint.split(" ", 2);
    String path = parts[1].replaceAll("\\{[a-z_]+}", "standin_none");
    String form = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder()
        .header("Authorization", "Bearer " + StandInTestSupport.API_KEY);
    if ("POST".equals(parts[0])) {
      request.uri(URI.create(standIn.baseUrl() + path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    } else {
      request.uri(URI.create(standIn.baseUrl() + path + "?" + form)).method(parts[0], HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 400) {
      fail(endpoint + " with " + name + " answered " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body()).path("error");
  }
}

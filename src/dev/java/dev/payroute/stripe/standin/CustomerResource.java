package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Customers: create, retrieve, update, delete and list (optionally by email). */
final class CustomerResource extends Resource {
  private static final String[] TEXT_FIELDS = {"description", "email", "name", "phone"};

  CustomerResource(StandInState state) {
    super(state);
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/customers", this::create);
    api.add("GET", "/v1/customers", this::list);
    api.add("GET", "/v1/customers/{id}", req -> ok(require(req.pathParam("id")), req));
    api.add("POST", "/v1/customers/{id}", this::update);
    api.add("DELETE", "/v1/customers/{id}", this::delete);
  }

  private ObjectNode require(String id) {
    return state.store.require(id, "customer", "id");
  }

  private Reply create(ApiRequest req) {
    Params p = req.params();
    ObjectNode customer = newObject(Ids.next("cus"), "customer");
    customer.putNull("address");
    customer.put("balance", 0);
    customer.put("created", Json.nowSeconds());
    customer.putNull("currency");
    customer.putNull("default_source");
    customer.put("delinquent", false);
    customer.putNull("description");
    customer.putNull("discount");
    customer.putNull("email");
    customer.put("invoice_prefix", Ids.random(8).toUpperCase(Locale.ROOT));
    ObjectNode invoiceSettings = customer.putObject("invoice_settings");
    invoiceSettings.putNull("custom_fields");
    invoiceSettings.putNull("default_payment_method");
    invoiceSettings.putNull("footer");
    invoiceSettings.putNull("rendering_options");
    customer.put("livemode", false);
    customer.putObject("metadata");
    customer.putNull("name");
    customer.put("next_invoice_sequence", 1);
    customer.putNull("phone");
    customer.putArray("preferred_locales");
    customer.putNull("shipping");
    customer.put("tax_exempt", "none");
    customer.putNull("test_clock");
    applyFields(customer, p);
    state.store.put(customer);
    state.events.record("customer.created", customer, req.origin());
    return ok(customer, req);
  }

  private Reply update(ApiRequest req) {
    ObjectNode customer = require(req.pathParam("id"));
    ObjectNode before = customer.deepCopy();
    applyFields(customer, req.params());
    ObjectNode previous = Json.previousAttributes(before, customer);
    if (!previous.isEmpty()) {
      state.events.record("customer.updated", customer, previous, req.origin());
    }
    return ok(customer, req);
  }

  private Reply delete(ApiRequest req) {
    ObjectNode customer = require(req.pathParam("id"));
    ObjectNode deleted = newObject(customer.get("id").asText(), "customer");
    deleted.put("deleted", true);
    state.store.put(deleted);
    state.events.record("customer.deleted", customer, req.origin());
    return Reply.json(200, deleted);
  }

  private Reply list(ApiRequest req) {
    var email = req.params().nonEmpty("email");
    var customers =
        state.store.newestFirst(
            "customer",
            c -> !c.path("deleted").asBoolean(false)
                && email.map(e -> e.equals(c.path("email").asText(null))).orElse(true));
    return ok(Pagination.page("/v1/customers", customers, req.params()), req);
  }

  private static void applyFields(ObjectNode customer, Params p) {
    ObjectNode draft = customer.deepCopy();
    for (String field : TEXT_FIELDS) {
      p.string(field).ifPresent(v -> {
        if (v.isEmpty()) {
          draft.putNull(field);
        } else {
          draft.put(field, v);
        }
      });
    }
    p.applyMetadata(draft);
    customer.setAll(draft);
  }
}

package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Connect accounts. Besides accounts created through the API, any id starting with {@code
 * acct_test} is known (made on first use), so tests can transfer to a fixed id. A deleted account
 * (test-mode accounts can be deleted at any time; the platform's own cannot be) is gone for good:
 * retrieving, updating or paying it answers as for an unknown account, {@code acct_test} ids included.
 */
final class AccountResource extends Resource {
  static final String ALWAYS_KNOWN_PREFIX = "acct_test";
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private final String platformAccountId;

  AccountResource(StandInState state, String platformAccountId) {
    super(state);
    this.platformAccountId = platformAccountId;
    ObjectNode platform = build(platformAccountId, "standard", "US", null);
    // The platform controls itself: Stripe's own example of /v1/account shows just this.
    platform.putObject("controller").put("type", "account");
    state.store.put(platform);
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/accounts", this::create);
    api.add("GET", "/v1/accounts", this::list);
    api.add("GET", "/v1/account", req -> ok(state.store.require(platformAccountId, "account", "account"), req));
    api.add("GET", "/v1/accounts/{id}", req -> ok(find(req.pathParam("id")).orElseThrow(
        () -> ApiError.resourceMissing("account", req.pathParam("id"), "account")), req));
    api.add("POST", "/v1/accounts/{id}", this::update);
    api.add("DELETE", "/v1/accounts/{id}", this::delete);
  }

  /** The account, including always-known {@code acct_test...} ids, or empty (also when it was deleted). */
  Optional<ObjectNode> find(String id) {
    Optional<ObjectNode> existing = state.store.find(id, "account");
    if (existing.isPresent() || !id.startsWith(ALWAYS_KNOWN_PREFIX)) {
      return existing.filter(account -> !isDeleted(account));
    }
    ObjectNode account = build(id, "express", "US", null);
    state.store.put(account);
    return Optional.of(account);
  }

  boolean isPlatform(String id) {
    return platformAccountId.equals(id);
  }

  private static boolean isDeleted(ObjectNode account) {
    return account.path("deleted").asBoolean(false);
  }

  private Reply create(ApiRequest req) {
    Params p = req.params();
    String type = p.nonEmpty("type").orElse("express");
    String country = p.nonEmpty("country").map(AccountResource::requireCountry).orElse("US");
    ObjectNode account = build(Ids.next("acct"), type, country, p.nonEmpty("email").orElse(null));
    p.nonEmpty("business_type")
        .ifPresent(t -> account.put("business_type", t));
    p.applyMetadata(account);
    applyCapabilities(p, account);
    state.store.put(account);
    return ok(account, req);
  }

  /** An ISO 3166-1 alpha-2 code, in upper case as Stripe answers it; anything else is Stripe's error. */
  private static String requireCountry(String given) {
    String country = given.toUpperCase(Locale.ROOT);
    if (!COUNTRIES.contains(country)) {
      throw ApiError.invalidRequest(
          "Country '" + given + "' is unknown. Try using a 2-character alphanumeric country code instead, such as "
              + "'US', 'EG', or 'GB'. A full list of country codes is available at "
              + "https://en.wikipedia.org/wiki/ISO_3166-1_alpha-2#Officially_assigned_code_elements",
          "country");
    }
    return country;
  }

  /**
   * In test mode a requested capability is active at once. When the request names capabilities, only
   * those requested are present, so an account created without {@code capabilities[transfers][requested]=true}
   * cannot receive transfers; with none named, an account can take card payments and transfers.
   */
  private static void applyCapabilities(Params p, ObjectNode account) {
    if (!p.has("capabilities")) {
      return;
    }
    Params requested = p.child("capabilities");
    ObjectNode capabilities = account.putObject("capabilities");
    for (String name : java.util.List.of("card_payments", "transfers")) {
      if (requested.has(name) && requested.child(name).bool("requested").orElse(false)) {
        capabilities.put(name, "active");
      }
    }
    account.put("charges_enabled", capabilities.has("card_payments"));
    account.put("payouts_enabled", capabilities.has("transfers"));
  }

  private Reply update(ApiRequest req) {
    ObjectNode account = find(req.pathParam("id"))
        .orElseThrow(() -> ApiError.resourceMissing("account", req.pathParam("id"), "account"));
    ObjectNode before = account.deepCopy();
    ObjectNode draft = account.deepCopy();
    req.params().applyMetadata(draft);
    req.params().string("email").ifPresent(e -> draft.put("email", e.isEmpty() ? null : e));
    account.setAll(draft);
    ObjectNode previous = Json.previousAttributes(before, account);
    if (!previous.isEmpty()) {
      state.events.record("account.updated", account, previous, req.origin());
    }
    return ok(account, req);
  }

  /**
   * Deletes a connected account. Stripe sends no event for it in this API version. What is stored in
   * its place only answers the object's id; {@link #find} treats it as absent.
   */
  private Reply delete(ApiRequest req) {
    String id = req.pathParam("id");
    if (isPlatform(id)) {
      throw ApiError.invalidRequest(
          "You cannot delete your own account through the API. Use the account information tab in your "
              + "account settings instead.",
          "account");
    }
    ObjectNode account = find(id).orElseThrow(() -> ApiError.resourceMissing("account", id, "account"));
    ObjectNode deleted = newObject(account.get("id").asText(), "account");
    deleted.put("deleted", true);
    state.store.put(deleted);
    return Reply.json(200, deleted);
  }

  private Reply list(ApiRequest req) {
    var accounts = state.store.newestFirst(
        "account", a -> !isPlatform(a.path("id").asText()) && !isDeleted(a));
    return ok(Pagination.page("/v1/accounts", accounts, req.params()), req);
  }

  private static ObjectNode build(String id, String type, String country, String email) {
    ObjectNode account = newObject(id, "account");
    ObjectNode profile = account.putObject("business_profile");
    for (String field : new String[] {"annual_revenue", "estimated_worker_count", "mcc",
        "minority_owned_business_designation", "name", "product_description", "support_address", "support_email",
        "support_phone", "support_url", "url"}) {
      profile.putNull(field);
    }
    account.putNull("business_type");
    ObjectNode capabilities = account.putObject("capabilities");
    capabilities.put("card_payments", "active");
    capabilities.put("transfers", "active");
    account.put("charges_enabled", true);
    account.set("controller", controlledByThePlatform(type));
    account.put("country", country);
    account.put("created", Json.nowSeconds());
    account.put("default_currency", "usd");
    account.put("details_submitted", true);
    account.put("email", email);
    ObjectNode external = Json.list("/v1/accounts/" + id + "/external_accounts", java.util.List.of(), false);
    account.set("external_accounts", external);
    account.set("future_requirements", requirements());
    account.putObject("metadata");
    account.put("payouts_enabled", true);
    account.set("requirements", requirements());
    account.putNull("settings");
    ObjectNode tos = account.putObject("tos_acceptance");
    tos.putNull("date");
    tos.putNull("ip");
    tos.putNull("user_agent");
    account.put("type", type);
    return account;
  }

  /**
   * How Stripe describes a connected account created with {@code type}: the controller properties each
   * type maps to (https://docs.stripe.com/connect/migrate-to-controller-properties; fees.payer per
   * https://docs.stripe.com/connect/direct-charges-fee-payer-behavior), seen by the platform that controls it.
   */
  private static ObjectNode controlledByThePlatform(String type) {
    ObjectNode controller = Json.object();
    String[] properties = switch (type) {
      case "express" -> new String[] {"application_express", "application", "stripe", "express"};
      case "custom" -> new String[] {"application_custom", "application", "application", "none"};
      default -> new String[] {"account", "stripe", "stripe", "full"};
    };
    controller.putObject("fees").put("payer", properties[0]);
    controller.put("is_controller", true);
    controller.putObject("losses").put("payments", properties[1]);
    controller.put("requirement_collection", properties[2]);
    controller.putObject("stripe_dashboard").put("type", properties[3]);
    controller.put("type", "application");
    return controller;
  }

  private static ObjectNode requirements() {
    ObjectNode requirements = Json.object();
    requirements.putArray("alternatives");
    requirements.putNull("current_deadline");
    requirements.putArray("currently_due");
    requirements.putNull("disabled_reason");
    requirements.putArray("errors");
    requirements.putArray("eventually_due");
    requirements.putArray("past_due");
    requirements.putArray("pending_verification");
    return requirements;
  }
}

package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.Stripe;

/** Turns state changes into stored {@code evt_} objects and hands them to the webhook dispatcher. */
final class EventRecorder {
  private final ObjectStore store;
  private final WebhookDispatcher dispatcher;

  EventRecorder(ObjectStore store, WebhookDispatcher dispatcher) {
    this.store = store;
    this.dispatcher = dispatcher;
  }

  ObjectNode record(String type, ObjectNode object, Origin origin) {
    return record(type, object, null, origin);
  }

  /** Snapshots {@code object} now, so later changes do not leak into this event. */
  ObjectNode record(String type, ObjectNode object, ObjectNode previousAttributes, Origin origin) {
    ObjectNode event = Json.object();
    event.put("id", Ids.next("evt"));
    event.put("object", "event");
    event.put("api_version", Stripe.API_VERSION);
    event.put("created", Json.nowSeconds());
    ObjectNode data = event.putObject("data");
    data.set("object", object.deepCopy());
    if (previousAttributes != null && !previousAttributes.isEmpty()) {
      data.set("previous_attributes", previousAttributes.deepCopy());
    }
    event.put("livemode", false);
    event.put("pending_webhooks", dispatcher.willDeliver(type) ? 1 : 0);
    ObjectNode request = event.putObject("request");
    request.put("id", origin.requestId());
    request.put("idempotency_key", origin.idempotencyKey());
    event.put("type", type);
    store.put(event);
    dispatcher.submit(event, false);
    return event;
  }
}

package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Base for the API resources. Handlers run under the {@link StandInState} lock (the HTTP front and
 * the Java hooks take it), so resources read and change state without further locking.
 */
abstract class Resource {
  protected final StandInState state;

  Resource(StandInState state) {
    this.state = state;
  }

  abstract void register(Router api);

  /** A 200 answer with a copy of {@code object}, expanded as the request asked. */
  Reply ok(ObjectNode object, ApiRequest request) {
    ObjectNode copy = object.deepCopy();
    Expander.apply(copy, request.params().strings("expand"), state.store);
    return Reply.json(200, copy);
  }

  /** Fields every Stripe object starts with, in Stripe's order of importance. */
  static ObjectNode newObject(String id, String objectType) {
    ObjectNode object = Json.object();
    object.put("id", id);
    object.put("object", objectType);
    return object;
  }
}

/**
 * An offline stand-in for Stripe's REST API and webhooks, for tests and local runs.
 *
 * <p>{@link dev.payroute.stripe.standin.StripeStandIn} starts a JDK HTTP server that the real
 * stripe-java client can use (point every base URL of {@code StripeClient.builder()} at {@code
 * baseUrl()}). It keeps PaymentIntents, charges, refunds, Checkout Sessions, customers, Connect
 * accounts, transfers, disputes and events in memory, finished ones moving to disk so that long runs
 * stay in a fixed heap ({@link dev.payroute.stripe.standin.ObjectStore}); honours idempotency keys like
 * Stripe (answers kept on disk for 24 hours); signs
 * webhooks like Stripe; and can inject faults ({@link dev.payroute.stripe.standin.StandInFaults}).
 * Test hooks (Java methods, or unauthenticated {@code /_standin/...} endpoints) play the parts
 * Stripe's customers and banks play: 3-D Secure, the hosted checkout page, refund settlement and
 * disputes.
 */
package dev.payroute.stripe.standin;

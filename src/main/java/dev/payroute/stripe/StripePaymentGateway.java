package dev.payroute.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.model.Account;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.TransferCreateParams;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;
import java.util.Optional;

/** {@link PaymentGateway} on stripe-java; the same code talks to Stripe or to the offline stand-in. */
public final class StripePaymentGateway implements PaymentGateway {

    private final StripeClient client;
    private final boolean livemode;
    /** This platform's own account id, once read (platformAccountId()). */
    private volatile String platformAccountId;

    public StripePaymentGateway(String secretKey, String apiBase, int connectTimeoutMs, int readTimeoutMs) {
        StripeClient.StripeClientBuilder builder = StripeClient.builder()
                .setApiKey(secretKey)
                .setConnectTimeout(connectTimeoutMs)
                .setReadTimeout(readTimeoutMs)
                // Retries are Camel redelivery policy (routes/config), not hidden inside the client.
                .setMaxNetworkRetries(0)
                .setHttpClient(new StripeTransport());
        if (apiBase != null && !apiBase.isBlank()) {
            builder.setApiBase(apiBase).setConnectBase(apiBase).setFilesBase(apiBase).setMeterEventsBase(apiBase);
        }
        this.client = builder.build();
        this.livemode = secretKey.startsWith("sk_live_");
    }

    @Override
    public IntentSnapshot createIntent(CreateIntent request, String idempotencyKey) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(request.amount())
                .setCurrency(request.currency())
                .addPaymentMethodType("card")
                .setCaptureMethod("manual".equals(request.captureMethod())
                        ? PaymentIntentCreateParams.CaptureMethod.MANUAL
                        : PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
                .putAllMetadata(request.metadata());
        if (request.description() != null) {
            params.setDescription(request.description());
        }
        if (request.customer() != null) {
            params.setCustomer(request.customer());
        }
        return call(() -> client.v1().paymentIntents().create(params.build(), options(idempotencyKey)));
    }

    @Override
    public IntentSnapshot confirmIntent(String intentId, String paymentMethod, String returnUrl, String idempotencyKey) {
        PaymentIntentConfirmParams.Builder params = PaymentIntentConfirmParams.builder()
                .setPaymentMethod(paymentMethod)
                .addExpand("latest_charge");
        if (returnUrl != null) {
            params.setReturnUrl(returnUrl);
        }
        return call(() -> client.v1().paymentIntents().confirm(intentId, params.build(), options(idempotencyKey)));
    }

    @Override
    public IntentSnapshot retrieveIntent(String intentId) {
        PaymentIntentRetrieveParams params = PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build();
        return call(() -> client.v1().paymentIntents().retrieve(intentId, params, RequestOptions.getDefault()));
    }

    @Override
    public IntentSnapshot createHold(Hold hold, String idempotencyKey) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(hold.amount())
                .setCurrency(hold.currency())
                .addPaymentMethodType("card")
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setPaymentMethod(hold.paymentMethod())
                .setConfirm(true)
                .putAllMetadata(hold.metadata())
                .addExpand("latest_charge");
        if (hold.description() != null) {
            params.setDescription(hold.description());
        }
        if (hold.customer() != null) {
            params.setCustomer(hold.customer());
        }
        if (hold.returnUrl() != null) {
            params.setReturnUrl(hold.returnUrl());
        }
        if (hold.transferGroup() != null) {
            params.setTransferGroup(hold.transferGroup());
        }
        try {
            return call(() -> client.v1().paymentIntents().create(params.build(), options(idempotencyKey)));
        } catch (GatewayException.Declined declined) {
            if (declined.intent() == null) {
                throw new GatewayException.Rejected("declined without an intent", declined.code(), 402, declined);
            }
            return declined.intent();
        }
    }

    @Override
    public IntentSnapshot capture(String intentId, String idempotencyKey) {
        PaymentIntentCaptureParams params = PaymentIntentCaptureParams.builder().addExpand("latest_charge").build();
        return call(() -> client.v1().paymentIntents().capture(intentId, params, options(idempotencyKey)));
    }

    @Override
    public IntentSnapshot cancel(String intentId, String idempotencyKey) {
        PaymentIntentCancelParams params = PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER).build();
        return call(() -> client.v1().paymentIntents().cancel(intentId, params, options(idempotencyKey)));
    }

    @Override
    public String transfer(long amount, String currency, String destination, String transferGroup, String sourceCharge,
                           Map<String, String> metadata, String idempotencyKey) {
        TransferCreateParams.Builder params = TransferCreateParams.builder()
                .setAmount(amount)
                .setCurrency(currency)
                .setDestination(destination)
                .putAllMetadata(metadata);
        if (transferGroup != null) {
            params.setTransferGroup(transferGroup);
        }
        if (sourceCharge != null) {
            params.setSourceTransaction(sourceCharge);
        }
        try {
            return client.v1().transfers().create(params.build(), options(idempotencyKey)).getId();
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    @Override
    public RefundSnapshot refund(String intentId, Long amount, String reason, Map<String, String> metadata,
                                 String idempotencyKey) {
        RefundCreateParams.Builder params = RefundCreateParams.builder().setPaymentIntent(intentId).putAllMetadata(metadata);
        if (amount != null) {
            params.setAmount(amount);
        }
        RefundCreateParams.Reason stripeReason = reason == null ? null : switch (reason) {
            case "duplicate" -> RefundCreateParams.Reason.DUPLICATE;
            case "fraudulent" -> RefundCreateParams.Reason.FRAUDULENT;
            case "requested_by_customer" -> RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER;
            default -> null;
        };
        if (stripeReason != null) {
            params.setReason(stripeReason);
        }
        try {
            return snapshot(client.v1().refunds().create(params.build(), options(idempotencyKey)));
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    @Override
    public RefundSnapshot retrieveRefund(String refundId) {
        try {
            return snapshot(client.v1().refunds().retrieve(refundId));
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    private static RefundSnapshot snapshot(Refund refund) {
        return new RefundSnapshot(refund.getId(), refund.getStatus(), refund.getAmount(), refund.getCurrency(),
                refund.getPaymentIntent(), refund.getFailureReason(),
                refund.getMetadata() == null ? Map.of() : Map.copyOf(refund.getMetadata()));
    }

    @Override
    public Optional<ConnectAccount> connectAccount(String accountId) {
        try {
            Account account = client.v1().accounts().retrieve(accountId, RequestOptions.getDefault());
            Account.Capabilities capabilities = account.getCapabilities();
            boolean transfers = capabilities != null && "active".equals(capabilities.getTransfers());
            return Optional.of(new ConnectAccount(account.getId(), transfers, isPlatform(account.getId())));
        } catch (InvalidRequestException | PermissionException e) {
            // resource_missing, or an account that is not connected to this platform (account_invalid).
            if (e.getStatusCode() != null && (e.getStatusCode() == 404 || e.getStatusCode() == 403 || e.getStatusCode() == 400)) {
                return Optional.empty();
            }
            throw classify(e);
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    /**
     * Whether the account is this platform's own. A key that may not read its own account (a restricted key) cannot
     * tell: false, and Stripe itself refuses a transfer to the platform.
     */
    private boolean isPlatform(String accountId) {
        try {
            return accountId.equals(platformAccountId());
        } catch (PermissionException cannotTell) {
            return false;
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    /** This platform's own account id (GET /v1/account), read once: it does not change for a secret key. */
    private String platformAccountId() throws StripeException {
        String id = platformAccountId;
        if (id == null) {
            id = client.v1().accounts().retrieveCurrent(RequestOptions.getDefault()).getId();
            platformAccountId = id;
        }
        return id;
    }

    @Override
    public CheckoutSessionSnapshot createCheckoutSession(CheckoutSessionCreate request, String idempotencyKey) {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .putAllMetadata(request.metadata())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder().putAllMetadata(request.metadata()).build());
        if (request.customerEmail() != null) {
            params.setCustomerEmail(request.customerEmail());
        }
        if (request.clientReferenceId() != null) {
            params.setClientReferenceId(request.clientReferenceId());
        }
        for (CheckoutLine line : request.lines()) {
            params.addLineItem(SessionCreateParams.LineItem.builder()
                    .setQuantity(line.quantity())
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(request.currency())
                            .setUnitAmount(line.unitAmount())
                            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(line.name()).build())
                            .build())
                    .build());
        }
        try {
            return snapshot(client.v1().checkout().sessions().create(params.build(), options(idempotencyKey)));
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    @Override
    public CheckoutSessionSnapshot retrieveCheckoutSession(String sessionId) {
        try {
            return snapshot(client.v1().checkout().sessions().retrieve(sessionId));
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    private static CheckoutSessionSnapshot snapshot(Session session) {
        return new CheckoutSessionSnapshot(session.getId(), session.getStatus(), session.getPaymentStatus(), session.getUrl(),
                session.getExpiresAt() == null ? 0 : session.getExpiresAt(), session.getPaymentIntent(), session.getAmountTotal(),
                session.getCurrency(), session.getCustomerEmail(), Boolean.TRUE.equals(session.getLivemode()),
                session.getMetadata() == null ? Map.of() : Map.copyOf(session.getMetadata()));
    }

    @Override
    public boolean livemode() {
        return livemode;
    }

    private static RequestOptions options(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private interface StripeCall {
        PaymentIntent run() throws StripeException;
    }

    private static IntentSnapshot call(StripeCall call) {
        try {
            return snapshot(call.run());
        } catch (CardException e) {
            StripeError error = e.getStripeError();
            PaymentIntent intent = error == null ? null : error.getPaymentIntent();
            throw new GatewayException.Declined(e.getUserMessage() != null ? e.getUserMessage() : "card declined",
                    e.getCode(), e.getDeclineCode(), intent == null ? null : snapshot(intent), e);
        } catch (StripeException e) {
            throw classify(e);
        }
    }

    /**
     * Transient: network, 5xx, 429, and 409 for a concurrent request with the same idempotency key. Anything
     * else is rejected; an invalid request keeps the parameter Stripe names, which may be the caller's.
     */
    static GatewayException classify(StripeException e) {
        if (e instanceof RateLimitException || e instanceof ApiConnectionException || e instanceof ApiException) {
            return new GatewayException.Transient(describe(e), e.getCode(), e);
        }
        int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
        if (status >= 500 || status == 409 || status == 429) {
            return new GatewayException.Transient(describe(e), e.getCode(), e);
        }
        return new GatewayException.Rejected(describe(e), e.getCode(), status, invalidParam(e), e);
    }

    /**
     * The parameter Stripe names. amount_too_small and amount_too_large are about the amount even when Stripe
     * names none: a Checkout Session's total is not a parameter of its own.
     */
    private static String invalidParam(StripeException e) {
        if (!(e instanceof InvalidRequestException invalid)) {
            return null;
        }
        StripeError error = e.getStripeError();
        String param = error != null && error.getParam() != null ? error.getParam() : invalid.getParam();
        if (param == null && ("amount_too_small".equals(e.getCode()) || "amount_too_large".equals(e.getCode()))) {
            return "amount";
        }
        return param;
    }

    private static String describe(StripeException e) {
        return "Stripe " + (e.getStatusCode() == null ? "connection" : e.getStatusCode()) + ": "
                + (e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : e.getClass().getSimpleName());
    }

    static IntentSnapshot snapshot(PaymentIntent pi) {
        String brand = null;
        String last4 = null;
        Charge charge = pi.getLatestChargeObject();
        if (charge != null && charge.getPaymentMethodDetails() != null
                && charge.getPaymentMethodDetails().getCard() != null) {
            brand = charge.getPaymentMethodDetails().getCard().getBrand();
            last4 = charge.getPaymentMethodDetails().getCard().getLast4();
        }
        String nextType = null;
        String nextUrl = null;
        if (pi.getNextAction() != null) {
            nextType = pi.getNextAction().getType();
            if (pi.getNextAction().getRedirectToUrl() != null) {
                nextUrl = pi.getNextAction().getRedirectToUrl().getUrl();
            }
        }
        StripeError error = pi.getLastPaymentError();
        return new IntentSnapshot(
                pi.getId(),
                pi.getStatus(),
                nz(pi.getAmount()),
                nz(pi.getAmountReceived()),
                nz(pi.getAmountCapturable()),
                pi.getCurrency(),
                pi.getClientSecret(),
                brand,
                last4,
                nextType,
                nextUrl,
                error == null ? null : (error.getCode() != null ? error.getCode() : "payment_failed"),
                error == null ? null : error.getDeclineCode(),
                error == null ? null : error.getMessage(),
                Boolean.TRUE.equals(pi.getLivemode()),
                pi.getLatestCharge());
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }
}

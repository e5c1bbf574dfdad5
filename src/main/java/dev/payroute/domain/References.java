package dev.payroute.domain;

import java.security.SecureRandom;

/** Human-readable, unguessable references such as PAY-7K3M9Q2XHD7K or REF-2HD7K3M9Q7KX (Crockford base32). */
public final class References {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private References() {
    }

    public static String newPaymentReference() {
        return "PAY-" + random(12);
    }

    public static String newRefundReference() {
        return "REF-" + random(12);
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}

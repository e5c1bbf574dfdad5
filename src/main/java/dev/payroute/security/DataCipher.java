package dev.payroute.security;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AES-256-GCM for data at rest. Keys come from {@code PAYROUTE_DATA_KEYS} as
 * "keyId:base64Key[,keyId:base64Key...]"; the first encrypts, all decrypt, so keys can be rotated.
 * A sealed value is "keyId:base64(iv || ciphertext+tag)"; the key id is bound as associated data.
 */
public final class DataCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    // Cipher.getInstance looks the transformation up among the security providers on every call (about
    // a quarter of what sealing cost in a profile of bench/payments); a Cipher is not thread-safe, so each
    // thread keeps one and initialises it afresh (key, new IV) for every value.
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(DataCipher::newCipher);
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String activeKeyId;

    private DataCipher(Map<String, byte[]> rawKeys) {
        rawKeys.forEach((id, raw) -> keys.put(id, new SecretKeySpec(raw, "AES")));
        this.activeKeyId = rawKeys.keySet().iterator().next();
    }

    public static DataCipher parse(String spec) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("PAYROUTE_DATA_KEYS entries must be keyId:base64Key");
            }
            byte[] key = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            if (key.length != 32) {
                throw new IllegalArgumentException("PAYROUTE_DATA_KEYS keys must be 32 bytes (AES-256)");
            }
            raw.put(trimmed.substring(0, colon), key);
        }
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("PAYROUTE_DATA_KEYS holds no key");
        }
        return new DataCipher(raw);
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public String seal(String plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed);
            return activeKeyId + ":" + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @throws IllegalArgumentException when the key id is unknown or the value was altered */
    public String open(String sealedValue) {
        int colon = sealedValue.indexOf(':');
        SecretKeySpec key = colon > 0 ? keys.get(sealedValue.substring(0, colon)) : null;
        if (key == null) {
            throw new IllegalArgumentException("sealed with an unknown data key");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealedValue.substring(colon + 1));
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(sealedValue.substring(0, colon).getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sealed value cannot be opened", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }
}

package dev.payroute.security;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataCipherTest {

    private static String key(int fill) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) fill);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void sealed_text_opens_and_does_not_show_the_plaintext() {
        DataCipher cipher = DataCipher.parse("k1:" + key(1));
        String sealed = cipher.seal("{\"client_secret\":\"pi_1_secret_x\"}");
        assertTrue(sealed.startsWith("k1:"));
        assertFalse(sealed.contains("secret"));
        assertEquals("{\"client_secret\":\"pi_1_secret_x\"}", cipher.open(sealed));
        assertNotEquals(sealed, cipher.seal("{\"client_secret\":\"pi_1_secret_x\"}"));
    }

    @Test
    void an_old_key_still_opens_after_rotation() {
        String sealedWithOld = DataCipher.parse("k1:" + key(1)).seal("hello");
        DataCipher rotated = DataCipher.parse("k2:" + key(2) + ",k1:" + key(1));
        assertEquals("hello", rotated.open(sealedWithOld));
        assertTrue(rotated.seal("x").startsWith("k2:"));
    }

    @Test
    void tampering_or_an_unknown_key_is_detected() {
        DataCipher cipher = DataCipher.parse("k1:" + key(1));
        String sealed = cipher.seal("hello");
        char[] chars = sealed.toCharArray();
        chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
        assertThrows(IllegalArgumentException.class, () -> cipher.open(new String(chars)));
        assertThrows(IllegalArgumentException.class, () -> DataCipher.parse("k9:" + key(9)).open(sealed));
    }

    @Test
    void a_failed_open_leaves_the_thread_able_to_seal_and_open_again() {
        DataCipher cipher = DataCipher.parse("k1:" + key(1));
        String sealed = cipher.seal("hello");
        String tampered = sealed.substring(0, sealed.length() - 3) + (sealed.charAt(sealed.length() - 3) == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 2);
        assertThrows(IllegalArgumentException.class, () -> cipher.open(tampered));
        String again = cipher.seal("after the failure");
        assertEquals("after the failure", cipher.open(again));
        assertEquals("hello", cipher.open(sealed));
    }

    @Test
    void threads_sealing_and_opening_at_once_each_get_their_own_value_back() throws Exception {
        DataCipher cipher = DataCipher.parse("k2:" + key(2) + ",k1:" + key(1));
        String old = DataCipher.parse("k1:" + key(1)).seal("sealed with the old key");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        String text = "{\"thread\":" + thread + ",\"i\":" + i + "}";
                        assertEquals(text, cipher.open(cipher.seal(text)));
                        assertEquals("sealed with the old key", cipher.open(old));
                    }
                    return 500;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertEquals(500, result.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keys_must_be_256_bits() {
        assertThrows(IllegalArgumentException.class, () -> DataCipher.parse("k1:" + Base64.getEncoder().encodeToString(new byte[16])));
    }
}

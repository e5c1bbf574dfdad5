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
    void keys_must_be_256_bits() {
        assertThrows(IllegalArgumentException.class, () -> DataCipher.parse("k1:" + Base64.getEncoder().encodeToString(new byte[16])));
    }
}

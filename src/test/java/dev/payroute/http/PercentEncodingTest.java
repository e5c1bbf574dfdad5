package dev.payroute.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which raw paths and queries decode to UTF-8 text. */
class PercentEncodingTest {

    @Test
    void well_formed_escapes_of_utf8_decode() {
        for (String raw : new String[] {null, "", "/api/v1/payments/order/o-1", "/x/caf%C3%A9", "/x/%E2%82%AC", "a=%F0%9F%98%80&b=c",
                "/x/%2Fslash", "q=a+b"}) {
            assertTrue(PercentEncoding.decodesToUtf8(raw), raw);
        }
    }

    @Test
    void an_encoded_surrogate_a_stray_byte_or_a_broken_escape_does_not() {
        for (String raw : new String[] {"/x/%ED%A0%80", "/x/%FF", "/x/%C3", "/x/%C0%AF", "/x/%zz", "/x/%4", "a=%"}) {
            assertFalse(PercentEncoding.decodesToUtf8(raw), raw);
        }
    }
}

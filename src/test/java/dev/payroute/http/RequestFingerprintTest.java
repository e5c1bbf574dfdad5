package dev.payroute.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RequestFingerprintTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void key_order_and_whitespace_do_not_matter_but_values_and_paths_do() throws Exception {
        String a = RequestFingerprint.of("POST", "/p", JSON.readTree("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}"));
        String b = RequestFingerprint.of("POST", "/p", JSON.readTree("{ \"b\":{\"y\":2,\"x\":1}, \"a\":1 }"));
        assertEquals(a, b);
        assertNotEquals(a, RequestFingerprint.of("POST", "/p", JSON.readTree("{\"a\":2,\"b\":{\"x\":1,\"y\":2}}")));
        assertNotEquals(a, RequestFingerprint.of("POST", "/q", JSON.readTree("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}")));
    }
}

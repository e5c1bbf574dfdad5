package dev.payroute.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.payroute.domain.Refusal;
import org.junit.jupiter.api.Test;

/** Malformed bodies: a name given twice is named by its path; other syntax errors name no field. */
class JsonRequestsTest {

    private static Refusal refused(String body) {
        return assertThrows(Refusal.class, () -> JsonRequests.parse(body));
    }

    @Test
    void a_name_given_twice_is_named_by_its_path() {
        assertEquals("amount", refused("{\"amount\":1,\"amount\":2}").field());
        assertEquals("metadata.k", refused("{\"metadata\":{\"k\":\"a\",\"k\":\"b\"}}").field());
        assertEquals("lines[1].amount",
                refused("{\"lines\":[{\"amount\":1},{\"amount\":2,\"amount\":3}]}").field());
        assertEquals("lines[0][0].x", refused("{\"lines\":[[{\"x\":1,\"x\":2}]]}").field());
        Refusal twice = refused("{\"a\\u0000\":1,\"a\\u0000\":2}");
        assertEquals("a\\u0000", twice.field(), "a NUL in the name is written as an escape");
        assertTrue(twice.getMessage().startsWith("malformed JSON: Duplicate field"), twice.getMessage());
    }

    @Test
    void other_syntax_errors_name_no_field() {
        assertNull(refused("{\"amount\":100,").field());
        assertNull(refused("{\"amount\":12x}").field());
        assertNull(refused("{\"amount\":1} trailing").field());
        assertNull(refused("not json").field());
    }
}

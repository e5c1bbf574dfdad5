package dev.payroute.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorableTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nul_and_lone_surrogates_are_not_storable_but_pairs_are() {
        assertTrue(StorableText.isStorable("plain text, é, 漢字"));
        assertTrue(StorableText.isStorable("emoji \uD83D\uDE00 is a surrogate pair"));
        assertTrue(StorableText.isStorable(""));
        assertFalse(StorableText.isStorable("a\u0000b"));
        assertFalse(StorableText.isStorable("\uD800"));
        assertFalse(StorableText.isStorable("x\uD83D"));
        assertFalse(StorableText.isStorable("\uDE00x"));
        assertFalse(StorableText.isStorable("\uDE00\uD83D"), "a low surrogate before a high one pairs with nothing");
    }

    private static Refusal refusedJson(String json) {
        return assertThrows(Refusal.class, () -> StorableText.requireStorable(JSON.readTree(json)));
    }

    @Test
    void every_string_of_a_json_body_is_checked_and_the_first_bad_one_named() {
        Refusal top = refusedJson("{\"amount\":100,\"description\":\"a\\u0000b\"}");
        assertEquals(Refusal.Kind.INVALID, top.kind());
        assertEquals("description", top.field());
        assertEquals("metadata.note", refusedJson("{\"metadata\":{\"note\":\"\\ud800\"}}").field());
        assertEquals("customer.userStripeCard.payment_method_id",
                refusedJson("{\"customer\":{\"userStripeCard\":{\"payment_method_id\":\"pm_\\udc00\"}}}").field());
        assertEquals("items[1]", refusedJson("{\"items\":[\"ok\",\"\\u0000\"]}").field());
    }

    @Test
    void a_bad_name_is_named_with_the_bad_character_escaped() {
        Refusal key = refusedJson("{\"metadata\":{\"no\\u0000te\":\"v\"}}");
        assertEquals("metadata.no\\u0000te", key.field());
        assertFalse(key.getMessage().contains("\u0000"));
        assertEquals("\\ud800", refusedJson("{\"\\ud800\":1}").field());
    }

    @Test
    void clean_documents_pass() {
        assertDoesNotThrow(() -> StorableText.requireStorable(
                JSON.readTree("{\"a\":[1,\"x\",{\"b\":\"\uD83D\uDE00\"}],\"c\":null,\"d\":true}")));
    }

    @Test
    void a_parameter_is_named_as_it_was_sent() {
        Refusal p = assertThrows(Refusal.class, () -> StorableText.requireStorable("order_id", "ab\u0000c"));
        assertEquals(Refusal.Kind.INVALID, p.kind());
        assertEquals("order_id", p.field());
        assertDoesNotThrow(() -> StorableText.requireStorable("order_id", "order-1"));
    }
}

package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A storefront cart: its items as the caller sent them, validated, and the totals payroute computes from them
 * (never taken from the caller). Prices are minor units; every item costs something (price_cents &gt; 0: a
 * free book is not sold through a payment); credits (per unit, at least 1) are whole credits, optional per item.
 */
public record Cart(List<Item> items, long totalCents, Long totalCredits) {

    public static final int MAX_ITEMS = 100;
    public static final long MAX_QUANTITY = 1_000;
    public static final long MAX_CREDITS = 1_000_000;
    static final Set<String> ITEM_FIELDS = Set.of("book_id", "quantity", "price_cents", "credits", "title");

    /** One line: {@code credits} is null when the item has no credits price. */
    public record Item(String bookId, long quantity, long priceCents, Long credits, String title) {
        public long subtotalCents() {
            return Math.multiplyExact(quantity, priceCents);
        }

        public Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("book_id", bookId);
            view.put("quantity", quantity);
            view.put("price_cents", priceCents);
            view.put("credits", credits);
            view.put("title", title);
            view.put("subtotal_cents", subtotalCents());
            return view;
        }
    }

    /** The items of field {@code field} (a JSON array), each wrong value named as field[i].name. */
    public static Cart from(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw Refusal.badRequest(field, field + " is required");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw Refusal.unprocessable(field, field + " must be a non-empty array of items");
        }
        if (node.size() > MAX_ITEMS) {
            throw Refusal.unprocessable(field, field + " may hold at most " + MAX_ITEMS + " items");
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(item(node.get(i), field + "[" + i + "]"));
        }
        return of(items, field);
    }

    /** The cart of these items with its totals; a total past what one payment may take is refused (field). */
    public static Cart of(List<Item> items, String field) {
        long cents = 0;
        Long credits = 0L;
        for (Item item : items) {
            cents = cents + item.subtotalCents();
            if (item.credits() == null) {
                credits = null;
            } else if (credits != null) {
                credits = credits + item.quantity() * item.credits();
            }
        }
        if (cents > Money.MAX_AMOUNT) {
            throw Refusal.unprocessable(field, "the cart's total of " + cents + " minor units is more than one payment may take ("
                    + Money.MAX_AMOUNT + ")");
        }
        return new Cart(List.copyOf(items), cents, credits);
    }

    private static Item item(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw Refusal.unprocessable(path, path + " must be an object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ITEM_FIELDS.contains(name)) {
                throw Refusal.badRequest(path + "." + name, "unknown field: " + path + "." + name);
            }
        }
        String bookId = text(node, path, "book_id", true);
        long quantity = whole(node, path, "quantity", 1, MAX_QUANTITY, true);
        long price = whole(node, path, "price_cents", 1, Money.MAX_AMOUNT, true);
        JsonNode creditsNode = node.get("credits");
        Long credits = creditsNode == null || creditsNode.isNull() ? null : whole(node, path, "credits", 1, MAX_CREDITS, true);
        String title = text(node, path, "title", false);
        if (title != null) {
            CardNumbers.requireNone(path + ".title", title);
        }
        return new Item(bookId, quantity, price, credits, title);
    }

    private static String text(JsonNode item, String path, String name, boolean required) {
        JsonNode node = item.get(name);
        String field = path + "." + name;
        if (node == null || node.isNull()) {
            if (required) {
                throw Refusal.badRequest(field, field + " is required");
            }
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw Refusal.unprocessable(field, field + " must be a non-blank string");
        }
        if (node.textValue().length() > 500 || node.textValue().indexOf('\0') >= 0) {
            throw Refusal.unprocessable(field, field + " must be at most 500 characters of text");
        }
        return node.textValue();
    }

    private static long whole(JsonNode item, String path, String name, long min, long max, boolean required) {
        JsonNode node = item.get(name);
        String field = path + "." + name;
        if (node == null || node.isNull()) {
            if (required) {
                throw Refusal.badRequest(field, field + " is required");
            }
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw Refusal.unprocessable(field, field + " must be an integer");
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw Refusal.unprocessable(field, field + " must be from " + min + " to " + max);
        }
        return value;
    }

    public List<Map<String, Object>> itemsView() {
        List<Map<String, Object>> view = new ArrayList<>();
        items.forEach(i -> view.add(i.view()));
        return view;
    }

    /** The items as stored (JSON text of their views). */
    public String itemsJson() {
        return dev.payroute.json.Json.write(itemsView());
    }
}

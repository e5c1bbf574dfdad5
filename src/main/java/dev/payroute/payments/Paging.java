package dev.payroute.payments;

import dev.payroute.domain.ApiProblem;
import org.apache.camel.Exchange;

/** Reads ?page= and ?page_size= into the headers the list statements use (limit, offset). */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    /** The requested page, validated: 1-based page number and page size. */
    public record Request(int page, int pageSize) {
        public int offset() {
            return (page - 1) * pageSize;
        }
    }

    public static Request request(Exchange exchange) {
        return new Request(positive(exchange, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE),
                positive(exchange, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    }

    public void read(Exchange exchange) {
        Request request = request(exchange);
        int page = request.page();
        int pageSize = request.pageSize();
        exchange.getMessage().setHeader("page", page);
        exchange.getMessage().setHeader("page_size", pageSize);
        exchange.getMessage().setHeader("limit", pageSize);
        exchange.getMessage().setHeader("offset", (page - 1) * pageSize);
    }

    public Object toPage(Exchange exchange) {
        @SuppressWarnings("unchecked")
        java.util.List<java.util.Map<String, Object>> rows = exchange.getMessage().getBody(java.util.List.class);
        return PaymentViews.page(rows, exchange.getMessage().getHeader("page", Integer.class),
                exchange.getMessage().getHeader("page_size", Integer.class));
    }

    /** A canonical page of plain rows (admin lists): timestamps as ISO-8601 text, total_count lifted out. */
    public Object toRowsPage(Exchange exchange) {
        @SuppressWarnings("unchecked")
        java.util.List<java.util.Map<String, Object>> rows = exchange.getMessage().getBody(java.util.List.class);
        java.util.List<java.util.Map<String, Object>> items = new java.util.ArrayList<>();
        for (java.util.Map<String, Object> row : rows) {
            java.util.Map<String, Object> item = new java.util.LinkedHashMap<>();
            row.forEach((k, v) -> {
                if (!k.equals("total_count")) {
                    item.put(k, v instanceof java.sql.Timestamp || v instanceof java.time.OffsetDateTime ? PaymentViews.timestamp(v) : v);
                }
            });
            items.add(item);
        }
        java.util.Map<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("items", items);
        page.put("page", exchange.getMessage().getHeader("page", Integer.class));
        page.put("page_size", exchange.getMessage().getHeader("page_size", Integer.class));
        page.put("total", rows.isEmpty() ? 0L : ((Number) rows.get(0).get("total_count")).longValue());
        return page;
    }

    private static int positive(Exchange exchange, String name, int fallback, int max) {
        String raw = exchange.getMessage().getHeader(name, String.class);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest(name, name + " must be an integer from 1 to " + max);
    }
}

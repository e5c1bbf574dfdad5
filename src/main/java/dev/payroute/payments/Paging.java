package dev.payroute.payments;

import dev.payroute.domain.Refusal;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

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

    public static Request request(String page, String pageSize) {
        return new Request(positive("page", page, 1, Integer.MAX_VALUE / MAX_PAGE_SIZE),
                positive("page_size", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    }

    /** Takes Exchange: the page becomes the headers limit and offset that the list statements read. */
    public void read(Exchange exchange) {
        Request request = request(exchange.getMessage().getHeader("page", String.class),
                exchange.getMessage().getHeader("page_size", String.class));
        int page = request.page();
        int pageSize = request.pageSize();
        exchange.getMessage().setHeader("page", page);
        exchange.getMessage().setHeader("page_size", pageSize);
        exchange.getMessage().setHeader("limit", pageSize);
        exchange.getMessage().setHeader("offset", (page - 1) * pageSize);
    }

    /**
     * The canonical list shape {"items","page","page_size","total"} from the rows of a list statement that
     * carry count(*) OVER () as total_count, each row turned into its item.
     */
    public static java.util.Map<String, Object> page(java.util.List<java.util.Map<String, Object>> rows, int page, int pageSize,
                                                     java.util.function.Function<java.util.Map<String, Object>, Object> item) {
        java.util.List<Object> items = new java.util.ArrayList<>();
        rows.forEach(row -> items.add(item.apply(row)));
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("items", items);
        out.put("page", page);
        out.put("page_size", pageSize);
        out.put("total", rows.isEmpty() ? 0L : ((Number) rows.get(0).get("total_count")).longValue());
        return out;
    }

    /** A canonical page of payments from the rows of a list statement. */
    public Object toPage(@Body java.util.List<java.util.Map<String, Object>> rows, @Header("page") int page,
                         @Header("page_size") int pageSize) {
        return PaymentViews.page(rows, page, pageSize);
    }

    /** A canonical page of plain rows (admin lists): timestamps as ISO-8601 text, total_count lifted out. */
    public Object toRowsPage(@Body java.util.List<java.util.Map<String, Object>> rows, @Header("page") int page,
                             @Header("page_size") int pageSize) {
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
        return page(items, rows, page, pageSize);
    }

    /** The canonical list shape: the items of the page, and the total the rows carry as total_count. */
    public static java.util.Map<String, Object> page(java.util.List<?> items, java.util.List<java.util.Map<String, Object>> rows,
                                                     int page, int pageSize) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("items", items);
        out.put("page", page);
        out.put("page_size", pageSize);
        out.put("total", rows.isEmpty() ? 0L : ((Number) rows.get(0).get("total_count")).longValue());
        return out;
    }

    private static int positive(String name, String raw, int fallback, int max) {
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
        throw Refusal.badRequest(name, name + " must be an integer from 1 to " + max);
    }
}

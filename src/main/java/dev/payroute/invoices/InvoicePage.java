package dev.payroute.invoices;

import dev.payroute.domain.InvoiceTotals;
import dev.payroute.domain.Money;
import org.apache.camel.Variable;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static dev.payroute.http.Html.escape;

/**
 * An invoice as an HTML page a customer can read and print (GET /api/v1/invoices/{id} with Accept: text/html):
 * number, status, dates, customer, the lines, subtotal, tax and total in the currency's own decimals (two for
 * usd, none for jpy, three for kwd). Every value from the invoice is HTML-escaped; the page has no scripts and
 * loads nothing.
 */
public final class InvoicePage {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private static final String STYLE = """
            :root{color-scheme:light}
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;
              background:#f4f5f7;margin:0;padding:32px 16px;line-height:1.45}
            .sheet{max-width:780px;margin:0 auto;background:#fff;border-radius:10px;padding:40px 48px;
              box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.05)}
            header{display:flex;justify-content:space-between;align-items:flex-start;gap:24px;
              border-bottom:2px solid #1f2328;padding-bottom:16px;margin-bottom:24px}
            h1{font-size:28px;margin:0;letter-spacing:.02em}
            .number{font-size:15px;color:#57606a;margin-top:4px;font-variant-numeric:tabular-nums}
            .status{display:inline-block;padding:4px 12px;border-radius:999px;font-size:13px;font-weight:600;
              text-transform:uppercase;letter-spacing:.06em;border:1px solid currentColor}
            .status-draft{color:#57606a}.status-open{color:#0969da}.status-paid{color:#1a7f37}
            .status-void,.status-uncollectible{color:#cf222e}
            dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:6px 24px;margin:0 0 28px}
            dl.meta dt{color:#57606a}dl.meta dd{margin:0;word-break:break-word}
            table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
            th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#57606a;
              border-bottom:1px solid #d0d7de;padding:8px 6px}
            td{padding:10px 6px;border-bottom:1px solid #eaeef2;vertical-align:top}
            td.num,th.num{text-align:right;white-space:nowrap}
            td.description{word-break:break-word}
            table.totals{width:auto;margin:20px 0 0 auto;min-width:280px}
            table.totals td{border:0;padding:4px 6px}
            table.totals tr.total td{border-top:2px solid #1f2328;font-weight:700;font-size:17px;padding-top:10px}
            footer{margin-top:32px;color:#57606a;font-size:12px}
            @page{size:A4;margin:18mm}
            @media print{body{background:#fff;padding:0}.sheet{box-shadow:none;border-radius:0;padding:0;max-width:none}
              .status{border-width:1px}tr{break-inside:avoid}}
            """;

    public String render(@Variable("invoice") InvoiceRow invoice) {
        String currency = invoice.currency();
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>Invoice ").append(escape(invoice.number())).append("</title><style>")
                .append(STYLE).append("</style></head><body><main class=\"sheet\"><header><div><h1>Invoice</h1>")
                .append("<div class=\"number\">").append(escape(invoice.number())).append("</div></div>")
                .append("<span class=\"status status-").append(escape(invoice.status().wire())).append("\">")
                .append(escape(invoice.status().wire())).append("</span></header><dl class=\"meta\">");
        meta(html, "Invoice number", invoice.number());
        meta(html, "Issue date", invoice.issuedAt() == null ? "not issued yet"
                : date(invoice.issuedAt().atZone(ZoneOffset.UTC).toLocalDate()));
        if (invoice.dueDate() != null) {
            meta(html, "Due date", date(invoice.dueDate()));
        }
        if (invoice.paidAt() != null) {
            meta(html, "Paid on", date(invoice.paidAt().atZone(ZoneOffset.UTC).toLocalDate()));
        }
        meta(html, "Billed to", invoice.customerId());
        meta(html, "Booking", invoice.bookingId());
        if (invoice.paymentId() != null) {
            meta(html, "Payment", invoice.paymentId().toString());
        }
        html.append("</dl><table class=\"lines\"><thead><tr><th>Description</th><th class=\"num\">Qty</th>")
                .append("<th class=\"num\">Unit price</th><th class=\"num\">Tax rate</th><th class=\"num\">Tax</th>")
                .append("<th class=\"num\">Amount</th></tr></thead><tbody>");
        for (InvoiceTotals.Line line : invoice.lines()) {
            html.append("<tr><td class=\"description\">").append(escape(line.description())).append("</td>")
                    .append("<td class=\"num\">").append(line.quantity()).append("</td>")
                    .append("<td class=\"num\">").append(escape(amount(line.unitAmount(), currency))).append("</td>")
                    .append("<td class=\"num\">").append(escape(rate(line.taxRateBps()))).append("</td>")
                    .append("<td class=\"num\">").append(escape(amount(line.tax(), currency))).append("</td>")
                    .append("<td class=\"num\">").append(escape(amount(line.amount(), currency))).append("</td></tr>");
        }
        html.append("</tbody></table><table class=\"totals\"><tbody>")
                .append("<tr><td>Subtotal</td><td class=\"num\">").append(escape(amount(invoice.subtotal(), currency)))
                .append("</td></tr><tr><td>Tax</td><td class=\"num\">").append(escape(amount(invoice.tax(), currency)))
                .append("</td></tr><tr class=\"total\"><td>Total</td><td class=\"num\">")
                .append(escape(amount(invoice.total(), currency))).append(' ')
                .append(escape(currency.toUpperCase(Locale.ROOT))).append("</td></tr></tbody></table>")
                .append("<footer>Amounts in ").append(escape(currency.toUpperCase(Locale.ROOT)))
                .append(". Line amounts exclude tax; each line's tax is rounded to the nearest minor unit.</footer>")
                .append("</main></body></html>");
        return html.toString();
    }

    /** Minor units as the currency writes them: 123456 usd → 1,234.56; 1500 jpy → 1,500; 1234 kwd → 1.234. */
    public static String amount(long minorUnits, String currency) {
        int digits = Money.fractionDigits(currency);
        DecimalFormat format = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits),
                DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        return format.format(BigDecimal.valueOf(minorUnits).movePointLeft(digits));
    }

    /** Basis points as a percentage: 2000 → 20%, 825 → 8.25%, 0 → 0%. */
    public static String rate(int bps) {
        return BigDecimal.valueOf(bps).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String date(LocalDate date) {
        return DATE.format(date);
    }

    private static void meta(StringBuilder html, String label, String value) {
        html.append("<dt>").append(escape(label)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }
}

package dev.payroute.bookings;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The published contract of booking events, schemas/booking-events.schema.json (JSON Schema 2020-12),
 * loaded once from the classpath. {@link #check} answers the first violations in words, with the
 * property they concern.
 */
public final class BookingEventSchema {

    public static final String RESOURCE = "schemas/booking-events.schema.json";
    private static final int MAX_REPORTED = 3;

    private final Schema schema;

    private BookingEventSchema(Schema schema) {
        this.schema = schema;
    }

    public static BookingEventSchema load() {
        try (InputStream in = BookingEventSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            return new BookingEventSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses a document the schema does not accept; the reason lists the first violations. */
    public void check(JsonNode event, String eventId) {
        List<Error> errors = schema.validate(event);
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder reason = new StringBuilder("the event does not match " + RESOURCE + ": ");
        for (int i = 0; i < Math.min(MAX_REPORTED, errors.size()); i++) {
            Error error = errors.get(i);
            String at = field(error);
            reason.append(i == 0 ? "" : "; ").append(at == null || error.getProperty() != null ? "" : at + ": ").append(error.getMessage());
        }
        if (errors.size() > MAX_REPORTED) {
            reason.append("; and ").append(errors.size() - MAX_REPORTED).append(" more");
        }
        throw new InvalidBookingEvent(eventId, field(errors.get(0)), reason.toString());
    }

    /** The event's field an error is about, in the dotted form problem details use (metadata.room); null for the whole event. */
    private static String field(Error error) {
        if (error.getProperty() != null) {
            return error.getProperty();
        }
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        location = location.replaceFirst("^\\$\\.?", "").replaceFirst("^/", "").replace('/', '.');
        return location.isEmpty() ? null : location;
    }
}

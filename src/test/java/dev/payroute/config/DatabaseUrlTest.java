package dev.payroute.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseUrlTest {

    @Test
    void jdbc_urls_pass_through_with_the_given_credentials() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/payroute", "postgres", "");
        assertEquals("jdbc:postgresql://127.0.0.1:5432/payroute", url.jdbcUrl());
        assertEquals("postgres", url.user());
        assertEquals("payroute", url.databaseName());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/postgres", url.maintenanceUrl());
    }

    @Test
    void the_booking_service_form_is_converted() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://user:p%40ss@db.local:6543/payment_db?sslmode=require", "x", null);
        assertEquals("jdbc:postgresql://db.local:6543/payment_db?sslmode=require", url.jdbcUrl());
        assertEquals("user", url.user());
        assertEquals("p@ss", url.password());
        assertEquals("payment_db", url.databaseName());
        assertEquals("jdbc:postgresql://db.local:6543/postgres?sslmode=require", url.maintenanceUrl());
    }

    @Test
    void other_schemes_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://x/y", "a", "b"));
    }

    @Test
    void a_url_that_cannot_be_parsed_is_reported_without_echoing_it() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrl.parse("postgresql://user:s3cret-pw@db.local:5432/not a name", "x", null));
        assertTrue(e.getMessage().startsWith("DATABASE_URL"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        assertNull(e.getCause(), "the cause's message would echo the URL");
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrl.parse("postgresql://user:s3cret-pw@/payroute", "x", null));
        assertFalse(noHost.getMessage().contains("s3cret-pw"), noHost.getMessage());
    }

    @Test
    void a_password_in_the_query_is_taken_out_of_the_url_that_libraries_see_and_log() {
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://db.local/payroute?sslmode=require&password=s3cret-pw&user=app",
                "postgres", null);
        assertEquals("jdbc:postgresql://db.local/payroute?sslmode=require&user=app", jdbc.jdbcUrl());
        assertEquals("s3cret-pw", jdbc.password());
        DatabaseUrl booking = DatabaseUrl.parse("postgresql://app@db.local/payroute?password=s3cret%26pw", "postgres", null);
        assertEquals("jdbc:postgresql://db.local/payroute", booking.jdbcUrl());
        assertEquals("s3cret&pw", booking.password());
        assertFalse(booking.toString().contains("s3cret"), booking.toString());
    }
}

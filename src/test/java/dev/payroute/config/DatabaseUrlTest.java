package dev.payroute.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}

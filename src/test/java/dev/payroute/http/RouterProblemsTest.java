package dev.payroute.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path templates a 405's Allow header is computed from (Vert.x form: /payments/:id). */
class RouterProblemsTest {

    @Test
    void a_parameter_matches_one_non_empty_segment() {
        assertTrue(RouterProblems.templateMatches("/api/v1/payments/:id", "/api/v1/payments/abc"));
        assertTrue(RouterProblems.templateMatches("/api/v1/payments/:id/confirm", "/api/v1/payments/abc/confirm"));
        assertFalse(RouterProblems.templateMatches("/api/v1/payments/:id", "/api/v1/payments/"));
        assertFalse(RouterProblems.templateMatches("/api/v1/payments/:id", "/api/v1/payments/abc/confirm"));
    }

    @Test
    void fixed_segments_match_exactly() {
        assertTrue(RouterProblems.templateMatches("/health", "/health"));
        assertFalse(RouterProblems.templateMatches("/health", "/health/ready"));
        assertFalse(RouterProblems.templateMatches("/api/v1/payments/reference/:reference", "/api/v1/payments/booking/b1"));
    }

    @Test
    void the_compatibility_paths_whose_clients_read_success_and_error_are_known() {
        for (String path : new String[] {"/api/payment/o/authorize", "/payment/p/release", "/history/u", "/api/refund/process"}) {
            org.junit.jupiter.api.Assertions.assertTrue(RouterProblems.legacyErrors(path), path);
        }
        for (String path : new String[] {"/api/v1/payments", "/api/v1/payment/refund", "/health", "/api/webhook"}) {
            org.junit.jupiter.api.Assertions.assertFalse(RouterProblems.legacyErrors(path), path);
        }
    }
}

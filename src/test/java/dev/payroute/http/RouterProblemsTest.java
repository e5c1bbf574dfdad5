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
}

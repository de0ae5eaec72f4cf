package dev.charter.identity;

import java.util.List;

/**
 * Paths a module serves without a signed-in user (for example a Pilot's delivery URL).
 * Declare a bean of this type; the security configuration collects them all.
 *
 * @param patterns Ant-style path patterns
 * @param csrfExempt true for machine endpoints that authenticate by their own secret
 */
public record PublicPaths(List<String> patterns, boolean csrfExempt) {}

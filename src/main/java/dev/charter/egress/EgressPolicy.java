package dev.charter.egress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one purpose may reach and under which limits. A module declares its policies as Spring beans of this
 * type; the operator can narrow or tune them under {@code charter.egress.policies.<purpose>.*}. A purpose with no
 * policy can reach nothing.
 *
 * @param purpose      dotted name, owned by the declaring module ({@code pilots.http-step})
 * @param destinations the allowlist; a request must match one entry in full
 * @param limits       timeouts, sizes, rate and redirect limits
 * @param dlp          what happens when outbound DLP finds a secret
 */
public record EgressPolicy(String purpose, List<Destination> destinations, Limits limits, DlpAction dlp) {

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public EgressPolicy {
        Objects.requireNonNull(purpose, "purpose");
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose '" + purpose + "' must be dotted lower-case words, like module.use");
        }
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(dlp, "dlp action");
    }

    public static Builder forPurpose(String purpose) {
        return new Builder(purpose);
    }

    /**
     * Limits that apply to every request of a purpose.
     *
     * @param connectTimeout    time to establish the connection (and TLS)
     * @param timeout           time for the whole exchange of one hop, from connect to last body byte
     * @param maxRequestBytes   largest body the caller may send (it is scanned by DLP first)
     * @param maxResponseBytes  largest response body accepted; a longer answer fails the request
     * @param requestsPerMinute requests per organization and destination host each minute
     * @param maxRedirects      redirects followed, each checked like a new request (0 returns the redirect)
     */
    public record Limits(Duration connectTimeout, Duration timeout, long maxRequestBytes, long maxResponseBytes,
                         int requestsPerMinute, int maxRedirects) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(5), Duration.ofSeconds(30),
                1024 * 1024, 5 * 1024 * 1024, 60, 3);

        public Limits {
            if (connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            if (maxRequestBytes < 0 || maxResponseBytes < 0 || requestsPerMinute < 1 || maxRedirects < 0 || maxRedirects > 10) {
                throw new IllegalArgumentException("limits out of range: sizes >= 0, rate >= 1, redirects 0..10");
            }
        }
    }

    /** Builds a policy; limits start at {@link Limits#DEFAULT} and DLP at {@link DlpAction#BLOCK}. */
    public static final class Builder {
        private final String purpose;
        private final List<Destination> destinations = new ArrayList<>();
        private Limits limits = Limits.DEFAULT;
        private DlpAction dlp = DlpAction.BLOCK;

        private Builder(String purpose) {
            this.purpose = purpose;
        }

        public Builder allow(Destination destination) {
            destinations.add(destination);
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public Builder timeout(Duration timeout) {
            limits = new Limits(limits.connectTimeout(), timeout, limits.maxRequestBytes(), limits.maxResponseBytes(),
                    limits.requestsPerMinute(), limits.maxRedirects());
            return this;
        }

        public Builder maxResponseBytes(long bytes) {
            limits = new Limits(limits.connectTimeout(), limits.timeout(), limits.maxRequestBytes(), bytes,
                    limits.requestsPerMinute(), limits.maxRedirects());
            return this;
        }

        public Builder requestsPerMinute(int rate) {
            limits = new Limits(limits.connectTimeout(), limits.timeout(), limits.maxRequestBytes(), limits.maxResponseBytes(),
                    rate, limits.maxRedirects());
            return this;
        }

        public Builder maxRedirects(int redirects) {
            limits = new Limits(limits.connectTimeout(), limits.timeout(), limits.maxRequestBytes(), limits.maxResponseBytes(),
                    limits.requestsPerMinute(), redirects);
            return this;
        }

        public Builder dlp(DlpAction action) {
            this.dlp = action;
            return this;
        }

        public EgressPolicy build() {
            return new EgressPolicy(purpose, destinations, limits, dlp);
        }
    }
}

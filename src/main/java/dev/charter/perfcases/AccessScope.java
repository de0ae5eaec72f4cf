package dev.charter.perfcases;

import java.util.regex.Pattern;

/**
 * A kind of access beyond a connection's grant that can be proposed on a case (PRF-10). Each names the connection
 * kinds it applies to and the shape of its subject; another kind of access (a log view) is another constant here and
 * a reader that asks {@link AccessProposals#approved} for it.
 */
public enum AccessScope {
    /** One more attribute key of the spans of a trace connection (for example {@code http.route}), for the case. */
    TRACE_ATTRIBUTE("trace attribute", Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.\\-]{0,99}"), TelemetryKind.TEMPO,
            TelemetryKind.JAEGER);

    private final String title;
    private final Pattern subject;
    private final java.util.Set<TelemetryKind> kinds;

    AccessScope(String title, Pattern subject, TelemetryKind first, TelemetryKind... rest) {
        this.title = title;
        this.subject = subject;
        this.kinds = java.util.EnumSet.of(first, rest);
    }

    public String title() {
        return title;
    }

    public boolean appliesTo(TelemetryKind kind) {
        return kinds.contains(kind);
    }

    public boolean validSubject(String s) {
        return s != null && subject.matcher(s).matches();
    }
}

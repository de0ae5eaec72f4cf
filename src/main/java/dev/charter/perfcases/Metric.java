package dev.charter.perfcases;

/** What a version is compared on, and which direction is worse. */
public enum Metric {
    LATENCY_P95("p95 latency", "s", true),
    LATENCY_MEAN("mean latency", "s", true),
    ERROR_RATE("error rate", "", true),
    THROUGHPUT("throughput", "req/s", false),
    CPU("CPU per request", "s", true);

    private final String title;
    private final String unit;
    private final boolean higherIsWorse;

    Metric(String title, String unit, boolean higherIsWorse) {
        this.title = title;
        this.unit = unit;
        this.higherIsWorse = higherIsWorse;
    }

    public String title() {
        return title;
    }

    public String unit() {
        return unit;
    }

    public boolean higherIsWorse() {
        return higherIsWorse;
    }
}

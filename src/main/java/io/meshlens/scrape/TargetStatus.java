package io.meshlens.scrape;

/**
 * What the targets page shows for one target, as Prometheus's {@code /api/v1/targets}:
 * health, last error, when it was last scraped and how long that took.
 */
public record TargetStatus(Target target, Health health, String lastError, long lastScrapeMs,
                           double lastScrapeDurationSeconds, int samplesScraped, int samplesPostRelabel) {
    public enum Health {
        UP("up"), DOWN("down"), UNKNOWN("unknown");

        private final String text;

        Health(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static TargetStatus unknown(Target t) {
        return new TargetStatus(t, Health.UNKNOWN, "", 0, 0, 0, 0);
    }
}

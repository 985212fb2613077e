package io.meshlens.scrape;

import io.meshlens.config.ConfigReader;

import java.time.Duration;
import java.util.Map;

/** Prometheus {@code global}: default interval/timeout and external labels. */
public record GlobalConfig(Duration scrapeInterval, Duration scrapeTimeout, Map<String, String> externalLabels) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static GlobalConfig parse(ConfigReader r) {
        Duration interval = r.parsed("scrape_interval", DEFAULT_INTERVAL, PromDuration::parse);
        Duration timeout;
        if (r.has("scrape_timeout")) {
            timeout = r.parsed("scrape_timeout", DEFAULT_TIMEOUT, PromDuration::parse);
            if (timeout.compareTo(interval) > 0) {
                r.error("scrape_timeout", "global scrape timeout greater than scrape interval");
            }
        } else {
            r.ignore("scrape_timeout");
            timeout = DEFAULT_TIMEOUT.compareTo(interval) > 0 ? interval : DEFAULT_TIMEOUT;
        }
        Map<String, String> ext = r.stringMap("external_labels");
        r.ignore("evaluation_interval", "query_log_file");
        r.finish();
        return new GlobalConfig(interval, timeout, ext);
    }
}

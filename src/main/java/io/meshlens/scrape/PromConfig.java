package io.meshlens.scrape;

import io.meshlens.config.ConfigReader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Prometheus config embedded under a prometheus receiver's {@code config:} key, restricted as
 * the Collector's receiver restricts it (no remote_write/remote_read/rule_files/alerting).
 */
public record PromConfig(GlobalConfig global, List<ScrapeConfig> scrapeConfigs) {

    public static PromConfig parse(ConfigReader r) {
        GlobalConfig global = GlobalConfig.parse(r.child("global"));
        for (String unsupported : List.of("remote_write", "remote_read", "rule_files", "alerting")) {
            if (r.has(unsupported)) {
                r.error(unsupported, "unsupported features: " + unsupported
                        + " (the prometheus receiver only scrapes; use an exporter to send data)");
            }
            r.ignore(unsupported);
        }
        List<ScrapeConfig> scrapes = new ArrayList<>();
        Set<String> jobs = new HashSet<>();
        List<ConfigReader> entries = r.childList("scrape_configs");
        for (ConfigReader s : entries) {
            ScrapeConfig sc = ScrapeConfig.parse(s, global);
            if (!sc.jobName().isEmpty() && !jobs.add(sc.jobName())) {
                s.error("job_name", "found multiple scrape configs with job name \"" + sc.jobName() + "\"");
            }
            scrapes.add(sc);
        }
        if (entries.isEmpty()) {
            r.error("no Prometheus scrape_configs");
        }
        r.ignore("scrape_config_files", "storage", "tracing");
        r.finish();
        return new PromConfig(global, scrapes);
    }
}

package io.meshlens.receiver.prometheus;

import io.meshlens.config.ConfigReader;
import io.meshlens.scrape.PromConfig;

/**
 * Config of the {@code prometheus} receiver: an embedded Prometheus config plus the Collector
 * receiver's own keys. Values arrive after the Collector's env expansion ({@code $$} → {@code $}),
 * so {@code replacement: $1:4191} reaches the relabeler as a capture-group reference.
 */
public record PrometheusReceiverConfig(PromConfig config, boolean trimMetricSuffixes, boolean useStartTimeMetric,
                                       String startTimeMetricRegex, boolean reportExtraScrapeMetrics) {
    static PrometheusReceiverConfig parse(ConfigReader r) {
        PromConfig pc = null;
        if (r.has("config")) {
            pc = PromConfig.parse(r.child("config"));
        } else {
            r.ignore("config");
            if (!r.has("target_allocator")) {
                r.error("config", "no Prometheus scrape_configs or target_allocator set");
            }
        }
        if (r.has("target_allocator")) {
            r.error("target_allocator", "target_allocator is not supported by meshlens; list scrape_configs instead");
        }
        r.ignore("target_allocator", "api_server");
        boolean trim = r.bool("trim_metric_suffixes", false);
        if (trim) {
            r.error("trim_metric_suffixes", "trim_metric_suffixes is not supported yet (it is experimental in the Collector)");
        }
        boolean useStart = r.bool("use_start_time_metric", false);
        if (useStart) {
            r.error("use_start_time_metric", "use_start_time_metric is not supported yet");
        }
        String regex = r.string("start_time_metric_regex", "");
        boolean extra = r.bool("report_extra_scrape_metrics", false);
        r.finish();
        return new PrometheusReceiverConfig(pc, trim, useStart, regex, extra);
    }
}

package io.meshlens.scrape;

import io.meshlens.config.ConfigReader;
import io.meshlens.discovery.StaticDiscoverer;
import io.meshlens.k8s.KubernetesSdConfig;
import io.meshlens.promhttp.HttpClientConfig;
import io.meshlens.relabel.RelabelConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Prometheus {@code scrape_configs} entry with Prometheus 2.42's defaults and validation.
 * Limits of 0 mean "no limit", as in Prometheus.
 */
public record ScrapeConfig(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
                           String scheme, Map<String, List<String>> params, boolean honorLabels,
                           boolean honorTimestamps, long sampleLimit, long labelLimit, long labelNameLengthLimit,
                           long labelValueLengthLimit, long bodySizeLimit, long targetLimit,
                           HttpClientConfig http, List<StaticDiscoverer.Group> staticConfigs, List<FileSdConfig> fileSdConfigs,
                           List<KubernetesSdConfig> kubernetesSdConfigs, List<RelabelConfig> relabelConfigs,
                           List<RelabelConfig> metricRelabelConfigs) {

    /** What of this config shapes target labels. */
    public TargetLabels.Settings targetSettings() {
        return new TargetLabels.Settings(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params,
                relabelConfigs);
    }

    /** A {@code file_sd_configs} entry. */
    public record FileSdConfig(List<String> files, Duration refreshInterval) {
    }

    static ScrapeConfig parse(ConfigReader r, GlobalConfig global) {
        String job = r.requiredString("job_name");
        Duration interval = r.parsed("scrape_interval", global.scrapeInterval(), PromDuration::parse);
        Duration timeout;
        if (r.has("scrape_timeout")) {
            timeout = r.parsed("scrape_timeout", global.scrapeTimeout(), PromDuration::parse);
        } else {
            r.ignore("scrape_timeout");
            // Prometheus: the global timeout, capped at this job's interval.
            timeout = global.scrapeTimeout().compareTo(interval) > 0 ? interval : global.scrapeTimeout();
        }
        if (timeout.compareTo(interval) > 0) {
            r.error("scrape_timeout", "scrape timeout greater than scrape interval for scrape config with job name \""
                    + job + "\"");
        }
        if (interval.isZero() || interval.isNegative()) {
            r.error("scrape_interval", "scrape_interval must be greater than 0");
        }
        String path = r.string("metrics_path", "/metrics");
        String scheme = r.oneOf("scheme", "http", "http", "https");
        Map<String, List<String>> params = new LinkedHashMap<>();
        ConfigReader pr = r.child("params");
        for (String k : pr.keys()) {
            params.put(k, pr.stringList(k));
        }
        pr.finish();
        boolean honorLabels = r.bool("honor_labels", false);
        boolean honorTs = r.bool("honor_timestamps", true);
        long sampleLimit = r.integer("sample_limit", 0);
        long labelLimit = r.integer("label_limit", 0);
        long nameLen = r.integer("label_name_length_limit", 0);
        long valueLen = r.integer("label_value_length_limit", 0);
        long bodyLimit = r.parsed("body_size_limit", 0L, ScrapeConfig::parseBytes);
        long targetLimit = r.integer("target_limit", 0);
        HttpClientConfig http = HttpClientConfig.parse(r);
        if (!http.proxyUrl().isEmpty()) {
            r.error("proxy_url", "proxy_url is not supported for scraping by meshlens yet");
        }

        List<StaticDiscoverer.Group> statics = new ArrayList<>();
        for (ConfigReader s : r.childList("static_configs")) {
            statics.add(new StaticDiscoverer.Group(s.stringList("targets"), s.stringMap("labels")));
            s.finish();
        }
        List<FileSdConfig> files = new ArrayList<>();
        for (ConfigReader f : r.childList("file_sd_configs")) {
            List<String> names = f.stringList("files");
            if (names.isEmpty()) {
                f.error("file service discovery config must contain at least one path name");
            }
            for (String n : names) {
                if (!FILE_PATTERN.matcher(n).matches()) {
                    f.error("files", "path name \"" + n + "\" is not valid for file discovery");
                }
            }
            files.add(new FileSdConfig(names, f.parsed("refresh_interval", Duration.ofMinutes(5), PromDuration::parse)));
            f.finish();
        }
        List<KubernetesSdConfig> k8s = new ArrayList<>();
        for (ConfigReader k : r.childList("kubernetes_sd_configs")) {
            k8s.add(KubernetesSdConfig.parse(k));
        }
        List<RelabelConfig> relabel = RelabelConfig.parseList(r, "relabel_configs");
        List<RelabelConfig> metricRelabel = RelabelConfig.parseList(r, "metric_relabel_configs");
        for (String unsupported : List.of("consul_sd_configs", "dns_sd_configs", "ec2_sd_configs", "http_sd_configs",
                "azure_sd_configs", "gce_sd_configs", "docker_sd_configs", "openstack_sd_configs")) {
            if (r.has(unsupported)) {
                r.error(unsupported, unsupported + " is not supported by meshlens yet (supported: static_configs, "
                        + "file_sd_configs, kubernetes_sd_configs)");
            }
            r.ignore(unsupported);
        }
        r.ignore("scrape_classic_histograms", "native_histogram_bucket_limit", "keep_dropped_targets");
        r.finish();
        return new ScrapeConfig(job, interval, timeout, path, scheme, params, honorLabels, honorTs, sampleLimit,
                labelLimit, nameLen, valueLen, bodyLimit, targetLimit, http, statics, files, k8s, relabel,
                metricRelabel);
    }

    // Prometheus: file names may use a glob only in the last path element, with .json/.yml/.yaml.
    private static final Pattern FILE_PATTERN = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");

    private static final Pattern BYTES = Pattern.compile("^(\\d+)(B|KB|KiB|MB|MiB|GB|GiB|TB|TiB|PB|PiB|EB|EiB)?$");

    /** Prometheus's base-2 byte sizes: "10MB" = 10 MiB, "512KiB", "0" = no limit. */
    static long parseBytes(String s) {
        Matcher m = BYTES.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + s + "\" (e.g. 10MB, 512KiB)");
        }
        long n = Long.parseLong(m.group(1));
        String u = m.group(2) == null ? "B" : m.group(2);
        int shift = switch (u.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            case 'E' -> 60;
            default -> 0;
        };
        return n << shift;
    }
}

package io.meshlens.loadtest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The config each agent runs in the bench. meshlens runs its example file with only what a bench
 * must change (scrape interval, file_sd instead of kubernetes_sd, loopback ports, a
 * {@code bench_run} external label); vmagent and Prometheus get the same scrape, relabeling and
 * filter written in their own format, with labels named like the ones k8sattributes adds.
 */
public final class AgentConfigs {
    private AgentConfigs() {
    }

    /** Ports a meshlens run must not share with anything else on the machine. */
    public record MeshlensPorts(int telemetry, int health) {
    }

    /** Prometheus's and the Collector's default scrape_timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public static String meshlens(String exampleYaml, Agent agent, Duration interval, Path targets, MeshlensPorts ports) {
        String s = exampleYaml;
        s = once(s, "scrape_interval: 30s", "scrape_interval: " + seconds(interval));
        s = once(s, "          kubernetes_sd_configs:\n            - role: pod\n",
                "          file_sd_configs:\n            - files: ['" + targets + "']\n");
        s = once(s, "address: 127.0.0.1:8888", "address: 127.0.0.1:" + ports.telemetry());
        s = once(s, "endpoint: 127.0.0.1:13133", "endpoint: 127.0.0.1:" + ports.health());
        s = once(s, "    resource_to_telemetry_conversion:\n",
                "    external_labels:\n      bench_run: " + agent.label() + "\n    resource_to_telemetry_conversion:\n");
        return s;
    }

    /**
     * The scrape job vmagent and Prometheus share: keep, address, k8sattributes-like labels, layer=mesh, filter.
     * The timeout is what meshlens gets from the example config, which sets none: the default 10 s,
     * capped at the interval (until 2026-12-06 16:30 UTC these two waited the whole interval).
     */
    static String scrapeConfigs(Duration interval, Path targets, Agent agent) {
        return """
                scrape_configs:
                  - job_name: linkerd-mesh
                    scrape_interval: %1$s
                    scrape_timeout: %4$s
                    file_sd_configs:
                      - files: ['%2$s']
                    relabel_configs:
                      - source_labels: [__meta_kubernetes_pod_container_name]
                        action: keep
                        regex: linkerd-proxy
                      - source_labels: [__meta_kubernetes_pod_ip]
                        target_label: __address__
                        regex: (.+)
                        replacement: $1:4191
                      - source_labels: [__meta_kubernetes_namespace]
                        target_label: k8s_namespace_name
                      - source_labels: [__meta_kubernetes_pod_name]
                        target_label: k8s_pod_name
                      - source_labels: [__meta_kubernetes_pod_uid]
                        target_label: k8s_pod_uid
                      - source_labels: [__meta_kubernetes_pod_node_name]
                        target_label: k8s_node_name
                      - source_labels: [__meta_kubernetes_pod_controller_kind, __meta_kubernetes_pod_controller_name]
                        regex: ReplicaSet;(.+)-[^-]+
                        target_label: k8s_deployment_name
                        replacement: $1
                      - target_label: layer
                        replacement: mesh
                    metric_relabel_configs:
                      - source_labels: [__name__]
                        action: keep
                        regex: '%3$s'
                """.formatted(seconds(interval), targets, agent.keepRegex(),
                seconds(interval.compareTo(DEFAULT_TIMEOUT) < 0 ? interval : DEFAULT_TIMEOUT));
    }

    /** vmagent's -promscrape.config (the remote-write URL and bench_run label are flags). */
    public static String vmagent(Duration interval, Path targets) {
        return "global:\n  scrape_interval: " + seconds(interval) + "\n" + scrapeConfigs(interval, targets, Agent.VMAGENT);
    }

    public static String prometheus(Duration interval, Path targets, String remoteWriteUrl) {
        return "global:\n  scrape_interval: " + seconds(interval) + "\n  external_labels:\n    bench_run: "
                + Agent.PROMETHEUS.label() + "\n" + scrapeConfigs(interval, targets, Agent.PROMETHEUS)
                + "remote_write:\n  - url: " + remoteWriteUrl + "\n";
    }

    static String seconds(Duration d) {
        if (d.toMillis() % 1000 != 0 || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("interval must be whole seconds > 0: " + d);
        }
        return d.toSeconds() + "s";
    }

    private static String once(String s, String from, String to) {
        int i = s.indexOf(from);
        if (i < 0 || s.indexOf(from, i + 1) >= 0) {
            throw new IllegalStateException("example config changed: expected exactly one \"" + from.strip()
                    + "\" to adapt for the bench");
        }
        return s.replace(from, to);
    }
}

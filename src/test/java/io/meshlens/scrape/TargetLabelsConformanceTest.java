package io.meshlens.scrape;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.relabel.Labels;
import io.meshlens.relabel.RelabelConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of {@link TargetLabels#populate} (and so of the relabel package) with real
 * Prometheus 2.42: every case below is a scrape job over the same Kubernetes-pod-like file_sd
 * targets plus some odd ones; Prometheus's /api/v1/targets (discovered labels, final labels,
 * scrape URL, dropped targets, deduplication) must equal what we compute from the same config text.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TargetLabelsConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GLOBAL_INTERVAL = Duration.ofMinutes(5);
    private static final Duration GLOBAL_TIMEOUT = Duration.ofSeconds(10);

    /** One scrape job: a behaviour, its relabel rules (YAML list items) and job-level settings. */
    record Case(String name, String relabel, String jobYaml, String scheme, String metricsPath,
                Map<String, List<String>> params, Duration interval, Duration timeout) {
        static Case of(String name, String relabel) {
            return new Case(name, relabel, "", "http", "/metrics", Map.of(), GLOBAL_INTERVAL, GLOBAL_TIMEOUT);
        }

        Case job(String yaml, String scheme, String metricsPath, Map<String, List<String>> params,
                 Duration interval, Duration timeout) {
            return new Case(name, relabel, yaml, scheme, metricsPath, params, interval, timeout);
        }
    }

    static List<Case> cases() {
        return List.of(
            Case.of("seed_keep_linkerd_proxy_port_4191", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  action: keep
                  regex: linkerd-proxy
                - source_labels: [__meta_kubernetes_pod_ip]
                  action: replace
                  target_label: __address__
                  regex: (.+)
                  replacement: $1:4191
                """),
            Case.of("keep_anchored_regex_does_not_match_substring", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  action: keep
                  regex: linkerd
                """),
            Case.of("keep_literal_prefix_with_dot_star", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  action: keep
                  regex: linkerd-.*
                """),
            Case.of("drop_matching_regex", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  action: drop
                  regex: linkerd-.*|noport
                """),
            Case.of("drop_everything_lists_all_as_dropped", """
                - action: drop
                """),
            Case.of("keep_action_name_is_case_insensitive", """
                - source_labels: [__meta_kubernetes_namespace]
                  action: KeEp
                  regex: shop
                """),
            Case.of("dollar_1x_is_group_named_1x_and_braces_are_not", """
                - source_labels: [__meta_kubernetes_pod_name]
                  target_label: unbraced
                  replacement: pre_$1x
                - source_labels: [__meta_kubernetes_pod_name]
                  target_label: braced
                  replacement: ${1}x
                - source_labels: [__meta_kubernetes_pod_name]
                  target_label: dollars
                  replacement: cost$$1 $ ${ ${1 $-
                """),
            Case.of("named_groups_in_replacement_and_target", """
                - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_pod_name]
                  regex: (?P<ns>[^;]+);(?P<pod>[a-z]+)-.*
                  target_label: ${ns}_pod
                  replacement: $pod.${ns}
                - source_labels: [__meta_kubernetes_pod_name]
                  regex: (?P<first>[a-z]+)(-(?P<second>[0-9]+))?.*
                  target_label: second_or_empty
                  replacement: "<$second>${first}"
                """),
            Case.of("empty_replacement_deletes_target_label", """
                - source_labels: [__meta_kubernetes_pod_name]
                  target_label: team
                  replacement: ""
                - target_label: __meta_kubernetes_pod_label_app
                  replacement: ""
                - action: labelmap
                  regex: __meta_kubernetes_pod_label_(.+)
                """),
            Case.of("invalid_expanded_target_label_is_skipped", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  target_label: ${1}
                - source_labels: [__meta_kubernetes_pod_container_name]
                  target_label: ${1}_name
                - source_labels: [__meta_kubernetes_pod_container_port_number]
                  target_label: $1
                  replacement: numeric
                """),
            Case.of("replace_without_match_changes_nothing", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: zzz(.*)
                  target_label: instance
                  replacement: never
                """),
            Case.of("unmatched_optional_group_expands_to_empty", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: (linkerd-)?(.*)
                  target_label: container
                  replacement: "[$1|$2]"
                """),
            Case.of("hashmod_values_small_and_large_modulus", """
                - source_labels: [__address__]
                  action: hashmod
                  modulus: 4
                  target_label: shard
                - source_labels: [__meta_kubernetes_pod_uid, __address__]
                  action: hashmod
                  modulus: 1000003
                  target_label: bucket
                - source_labels: [__meta_kubernetes_pod_name]
                  action: hashmod
                  modulus: 18446744073709551557
                  target_label: big
                """),
            Case.of("hashmod_sharding_keeps_one_shard", """
                - source_labels: [__address__]
                  action: hashmod
                  modulus: 3
                  target_label: __tmp_hash
                - source_labels: [__tmp_hash]
                  action: keep
                  regex: "1"
                """),
            Case.of("labelmap_pod_labels", """
                - action: labelmap
                  regex: __meta_kubernetes_pod_label_(.+)
                """),
            Case.of("labelmap_with_prefix_replacement_and_overwrite", """
                - action: labelmap
                  regex: __meta_kubernetes_pod_(label|annotation)_(.+)
                  replacement: k8s_${2}
                - action: labelmap
                  regex: __meta_kubernetes_(namespace)
                  replacement: team
                """),
            Case.of("labeldrop_then_labelmap_meta", """
                - action: labeldrop
                  regex: __meta_kubernetes_pod_(annotation|label).*
                - action: labelmap
                  regex: __meta_kubernetes_(.+)
                """),
            Case.of("labeldrop_job_and_instance_preset", """
                - action: labeldrop
                  regex: job|instance
                """),
            Case.of("labelkeep_reserved_only_drops_job", """
                - action: labelkeep
                  regex: __.*
                """),
            Case.of("labelkeep_without_address_fails_target", """
                - action: labelkeep
                  regex: job|__meta_.*
                """),
            Case.of("lowercase_and_uppercase_unicode", """
                - source_labels: [__meta_kubernetes_pod_annotation_owner]
                  action: lowercase
                  target_label: owner_lower
                - source_labels: [__meta_kubernetes_pod_annotation_owner]
                  action: uppercase
                  target_label: owner_upper
                - source_labels: [__meta_kubernetes_pod_container_name, __meta_kubernetes_namespace]
                  action: uppercase
                  target_label: ${1}
                """),
            Case.of("keepequal_port_number", """
                - target_label: __tmp_port
                  replacement: "4191"
                - source_labels: [__meta_kubernetes_pod_container_port_number]
                  action: keepequal
                  target_label: __tmp_port
                """),
            Case.of("dropequal_port_number", """
                - target_label: __tmp_port
                  replacement: "4191"
                - source_labels: [__meta_kubernetes_pod_container_port_number]
                  action: dropequal
                  target_label: __tmp_port
                """),
            Case.of("keepequal_missing_source_equals_missing_target", """
                - source_labels: [__meta_absent]
                  action: keepequal
                  target_label: __meta_kubernetes_pod_annotation_owner
                """),
            Case.of("multiple_sources_with_custom_and_empty_separator", """
                - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_pod_name, __meta_kubernetes_pod_container_name]
                  separator: /
                  target_label: path
                - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_pod_container_port_number]
                  separator: ""
                  target_label: glued
                """),
            Case.of("missing_source_labels_are_empty_strings", """
                - source_labels: [__meta_absent, __meta_kubernetes_pod_name, __meta_also_absent]
                  regex: ;(.+);
                  target_label: pod
                - source_labels: [__meta_absent]
                  action: keep
                  regex: ""
                """),
            Case.of("null_regex_matches_only_empty", """
                - source_labels: [__meta_kubernetes_pod_container_port_name]
                  action: keep
                  regex:
                """),
            Case.of("regex_alternation_unicode_and_flags", """
                - source_labels: [__meta_kubernetes_pod_annotation_owner]
                  regex: (?i)(caf\\x{e9}|\\p{Lu}stanbul)-(.*)
                  target_label: owner_rest
                  replacement: $2
                - source_labels: [__meta_kubernetes_pod_container_name]
                  action: keep
                  regex: ad|cart|(?i:LINKERD-PROXY)|noport|odd.*
                """),
            Case.of("dot_does_not_match_newline", """
                - source_labels: [__meta_kubernetes_pod_annotation_multiline]
                  action: drop
                  regex: (.*)
                """),
            Case.of("param_and_scheme_and_path_overrides", """
                - source_labels: [__address__]
                  target_label: __param_target
                - target_label: __address__
                  replacement: 127.0.42.200:9115
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: linkerd-proxy
                  target_label: __scheme__
                  replacement: https
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: cart
                  target_label: __metrics_path__
                  replacement: /probe
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: (.*)
                  target_label: __param_container
                """).job("params:\n      module: [http_2xx, ignored]\n      debug: ['true']\n",
                    "http", "/metrics", Map.of("module", List.of("http_2xx", "ignored"), "debug", List.of("true")),
                    GLOBAL_INTERVAL, GLOBAL_TIMEOUT),
            Case.of("job_level_scheme_https_and_metrics_path", """
                - source_labels: [__meta_kubernetes_pod_ip]
                  regex: (.+)
                  target_label: __address__
                """).job("scheme: https\n    metrics_path: /stats\n", "https", "/stats", Map.of(),
                    GLOBAL_INTERVAL, GLOBAL_TIMEOUT),
            Case.of("address_without_port_gets_scheme_default", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: linkerd-proxy
                  target_label: __scheme__
                  replacement: https
                - source_labels: [__meta_kubernetes_pod_ip]
                  regex: (.+)
                  target_label: __address__
                """),
            Case.of("unknown_scheme_fails_without_port_only", """
                - target_label: __scheme__
                  replacement: ftp
                """),
            Case.of("address_with_slash_or_emptied_fails", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: cart
                  target_label: __address__
                  replacement: 127.0.42.1:80/path
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: ad
                  target_label: __address__
                  replacement: ""
                """),
            Case.of("targets_made_identical_are_deduplicated", """
                - action: labeldrop
                  regex: __meta_kubernetes_pod_container_.*|__meta_filepath
                - target_label: __address__
                  replacement: 127.0.42.250:9
                - target_label: instance
                  replacement: same
                """),
            Case.of("tmp_labels_keep_otherwise_identical_targets_apart", """
                - source_labels: [__meta_kubernetes_pod_container_port_number]
                  target_label: __tmp_port
                - target_label: __address__
                  replacement: 127.0.42.251:9
                """),
            Case.of("scrape_interval_and_timeout_from_relabeling", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: linkerd-proxy
                  target_label: __scrape_interval__
                  replacement: 1m30s
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: cart
                  target_label: __scrape_timeout__
                  replacement: 10m
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: ad
                  target_label: __scrape_interval__
                  replacement: "0"
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: noport
                  target_label: __scrape_interval__
                  replacement: 90s
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: destination
                  target_label: __scrape_timeout__
                  replacement: 1.5s
                """),
            Case.of("job_interval_formats_as_prometheus_duration", """
                - source_labels: [__scrape_interval__, __scrape_timeout__]
                  target_label: timing
                """).job("scrape_interval: 90s\n    scrape_timeout: 1500ms\n", "http", "/metrics", Map.of(),
                    Duration.ofSeconds(90), Duration.ofMillis(1500)),
            Case.of("instance_and_job_set_by_relabeling", """
                - source_labels: [__meta_kubernetes_pod_name, __meta_kubernetes_pod_container_name]
                  separator: ":"
                  target_label: instance
                - source_labels: [__meta_kubernetes_namespace]
                  target_label: job
                """),
            Case.of("no_rules_keeps_discovered_defaults", ""),
            Case.of("labelmap_can_produce_names_prometheus_does_not_check", """
                - action: labelmap
                  regex: __meta_kubernetes_pod_label_(.+)
                  replacement: $1
                """),
            Case.of("replace_overwrites_then_later_rule_sees_new_value", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  target_label: stage
                  replacement: one
                - source_labels: [stage]
                  regex: one
                  target_label: stage
                  replacement: two
                - source_labels: [stage]
                  action: keep
                  regex: two
                """),
            Case.of("default_replace_copies_value_and_ignores_absent", """
                - source_labels: [__meta_kubernetes_pod_node_name]
                  target_label: node
                - source_labels: [__meta_absent]
                  target_label: absent
                """),
            Case.of("lowercase_of_missing_source_deletes_target", """
                - target_label: ctr
                  replacement: preset
                - source_labels: [__meta_absent]
                  action: lowercase
                  target_label: ctr
                - source_labels: [__meta_kubernetes_pod_container_name]
                  action: lowercase
                  target_label: __tmp_ctr
                - source_labels: [__tmp_ctr]
                  target_label: ctr2
                """),
            Case.of("uppercase_scheme_is_invalid", """
                - source_labels: [__meta_kubernetes_pod_container_name]
                  regex: cart
                  target_label: __scheme__
                  replacement: HTTP
                """),
            Case.of("param_label_from_discovery_overridden_by_job_params", """
                - source_labels: [__param_module]
                  target_label: module_seen
                """).job("params:\n      module: [from_job]\n", "http", "/metrics",
                    Map.of("module", List.of("from_job")), GLOBAL_INTERVAL, GLOBAL_TIMEOUT),
            Case.of("regex_with_escaped_metacharacters_and_classes", """
                - source_labels: [__address__]
                  regex: 127\\.0\\.42\\.(\\d+):(4191|41[0-9]{2})
                  target_label: octet_port
                  replacement: $1/$2
                - source_labels: [__meta_kubernetes_pod_ip]
                  regex: '[0-9.]+'
                  action: keep
                """));
    }

    // ---- discovered targets: Kubernetes pod SD shaped, in file_sd groups ----------------------

    record Pod(String ns, String name, String ip, Map<String, String> labels, Map<String, String> annotations,
               List<Container> containers) {
    }

    record Container(String name, List<Integer> ports, List<String> portNames, boolean init) {
    }

    static List<Map<String, Object>> groups() {
        List<Pod> pods = List.of(
            new Pod("shop", "cart-7d9f6c-abcde", "127.0.42.11", Map.of("app", "cart", "version", "v1",
                    "pod_template_hash", "7d9f6c"), Map.of("owner", "Café-ÜBER", "linkerd_io_inject", "enabled"),
                List.of(new Container("cart", List.of(8080), List.of("http"), false),
                        new Container("linkerd-proxy", List.of(4143, 4191), List.of("linkerd-proxy", "linkerd-admin"), false),
                        new Container("linkerd-init", List.of(), List.of(), true))),
            new Pod("shop", "ad-5c4b-xyz12", "127.0.42.12", Map.of("app", "ad", "1numeric", "yes"),
                Map.of("owner", "İstanbul-straße", "multiline", "a\nb"),
                List.of(new Container("ad", List.of(9555), List.of("grpc"), false),
                        new Container("linkerd-proxy", List.of(4143, 4191), List.of("linkerd-proxy", "linkerd-admin"), false))),
            new Pod("linkerd", "linkerd-destination-6f-q1", "127.0.42.5",
                Map.of("linkerd_io_control_plane_component", "destination", "app", "dest"), Map.of(),
                List.of(new Container("destination", List.of(8086), List.of("grpc"), false),
                        new Container("linkerd-proxy", List.of(4143, 4191), List.of("linkerd-proxy", "linkerd-admin"), false),
                        new Container("noport", List.of(), List.of(), false))));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Pod p : pods) {
            for (Container c : p.containers()) {
                int n = Math.max(1, c.ports().size());
                for (int i = 0; i < n; i++) {
                    Map<String, String> l = new TreeMap<>();
                    l.put("__meta_kubernetes_namespace", p.ns());
                    l.put("__meta_kubernetes_pod_name", p.name());
                    l.put("__meta_kubernetes_pod_ip", p.ip());
                    l.put("__meta_kubernetes_pod_uid", "uid-" + p.name());
                    l.put("__meta_kubernetes_pod_node_name", "node-1");
                    l.put("__meta_kubernetes_pod_host_ip", "127.0.42.1");
                    l.put("__meta_kubernetes_pod_ready", "true");
                    l.put("__meta_kubernetes_pod_phase", "Running");
                    l.put("__meta_kubernetes_pod_controller_kind", "ReplicaSet");
                    l.put("__meta_kubernetes_pod_controller_name", p.name().substring(0, p.name().lastIndexOf('-')));
                    p.labels().forEach((k, v) -> {
                        l.put("__meta_kubernetes_pod_label_" + k, v);
                        l.put("__meta_kubernetes_pod_labelpresent_" + k, "true");
                    });
                    p.annotations().forEach((k, v) -> {
                        l.put("__meta_kubernetes_pod_annotation_" + k, v);
                        l.put("__meta_kubernetes_pod_annotationpresent_" + k, "true");
                    });
                    l.put("__meta_kubernetes_pod_container_name", c.name());
                    l.put("__meta_kubernetes_pod_container_image", "example/" + c.name() + ":1");
                    l.put("__meta_kubernetes_pod_container_init", String.valueOf(c.init()));
                    String address = p.ip();
                    if (!c.ports().isEmpty()) {
                        l.put("__meta_kubernetes_pod_container_port_name", c.portNames().get(i));
                        l.put("__meta_kubernetes_pod_container_port_number", String.valueOf(c.ports().get(i)));
                        l.put("__meta_kubernetes_pod_container_port_protocol", "TCP");
                        address = p.ip() + ":" + c.ports().get(i);
                    }
                    groups.add(group(address, l));
                }
            }
        }
        // Odd targets: no port, IPv6, too many colons, slash, preset job/instance/scheme/params, empty value.
        groups.add(group("127.0.42.50", Map.of("__meta_kubernetes_pod_container_name", "odd-noport")));
        groups.add(group("[::1]", Map.of("__meta_kubernetes_pod_container_name", "odd-ipv6")));
        groups.add(group("::1", Map.of("__meta_kubernetes_pod_container_name", "odd-colons")));
        groups.add(group("127.0.42.51:8080/x", Map.of("__meta_kubernetes_pod_container_name", "odd-slash")));
        groups.add(group("127.0.42.52:9100", Map.of("__meta_kubernetes_pod_container_name", "odd-preset",
                "job", "from-sd", "instance", "preset-instance", "__scheme__", "https",
                "__metrics_path__", "/sd-path", "__param_module", "fromsd", "empty_label", "")));
        groups.add(group("127.0.42.53", Map.of("__meta_kubernetes_pod_container_name", "odd-https",
                "__scheme__", "https", "__meta_kubernetes_pod_annotation_owner", "ÀÉÎ")));
        return groups;
    }

    private static Map<String, Object> group(String address, Map<String, String> labels) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("targets", List.of(address));
        g.put("labels", labels);
        return g;
    }

    // ---- the run ------------------------------------------------------------------------------

    private Path dir;
    private Process prometheus;
    private int port;
    private final Map<String, Path> fileOfJob = new HashMap<>();

    @BeforeAll
    void startPrometheus() throws Exception {
        dir = Files.createTempDirectory("relabel-conformance");
        StringBuilder yaml = new StringBuilder("global:\n  scrape_interval: 5m\n  scrape_timeout: 10s\nscrape_configs:\n");
        String targetsJson = JSON.writeValueAsString(groups());
        for (Case c : cases()) {
            Path f = dir.resolve(c.name() + ".json");
            Files.writeString(f, targetsJson);
            fileOfJob.put(c.name(), f);
            yaml.append("  - job_name: ").append(c.name()).append('\n');
            if (!c.jobYaml().isEmpty()) {
                yaml.append("    ").append(c.jobYaml());
            }
            yaml.append("    file_sd_configs:\n      - files: ['").append(f).append("']\n");
            if (!c.relabel().isBlank()) {
                yaml.append("    relabel_configs:\n").append(c.relabel().indent(6));
            }
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, yaml);
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    @AfterAll
    void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Our computation for every (job, discovered target). */
    record Ours(String job, TargetLabels.Result result) {
    }

    @Test
    void everyTargetMatchesPrometheus() throws Exception {
        List<Ours> ours = computeOurs();
        long expectedActive = ours.stream().filter(o -> o.result().status() == TargetLabels.Status.ACTIVE)
                .map(o -> o.job() + o.result().labels()).distinct().count();
        long expectedDropped = ours.stream().filter(o -> o.result().status() == TargetLabels.Status.DROPPED).count();
        assertThat(expectedActive).isGreaterThan(100);
        assertThat(expectedDropped).isGreaterThan(100);

        JsonNode data = awaitTargets(expectedActive, expectedDropped);
        List<String> mismatches = new ArrayList<>();

        // Active targets, per job, deduplicated: final labels and scrape URL. (Their discoveredLabels
        // are not compared: 2.42's relabel.Process writes its result into the pre-relabel slice when
        // it fits, so the API often shows relabeled labels there. We return the real pre-relabel set.)
        Map<String, List<String>> theirs = new TreeMap<>();
        for (JsonNode t : data.get("activeTargets")) {
            theirs.computeIfAbsent(t.get("scrapePool").asText(), k -> new ArrayList<>())
                    .add(new TreeMap<>(map(t.get("labels"))) + " " + t.get("scrapeUrl").asText());
        }
        Map<String, List<String>> mine = new TreeMap<>();
        for (Ours o : ours) {
            if (o.result().status() == TargetLabels.Status.ACTIVE) {
                String key = o.result().publicLabels().toMap() + " " + scrapeUrl(o.result().labels(), o);
                List<String> l = mine.computeIfAbsent(o.job(), k -> new ArrayList<>());
                String full = o.result().labels().toString();
                if (!l.contains(key + "\u0000" + full)) {
                    l.add(key + "\u0000" + full);
                }
            }
        }
        for (Case c : cases()) {
            List<String> t = theirs.getOrDefault(c.name(), List.of()).stream().sorted().toList();
            List<String> m = mine.getOrDefault(c.name(), List.of()).stream()
                    .map(k -> k.substring(0, k.indexOf('\u0000'))).sorted().toList();
            if (!t.equals(m)) {
                mismatches.add(c.name() + ": active targets differ"
                        + "\n  only prometheus: " + t.stream().filter(x -> !m.contains(x)).toList()
                        + "\n  only ours:       " + m.stream().filter(x -> !t.contains(x)).toList()
                        + "\n  counts: prometheus " + t.size() + ", ours " + m.size());
            }
        }

        // Dropped targets: the count, and the discovered labels wherever no rule changed them
        // before the drop (where one did, 2.42 shows the changed labels, see above).
        List<Map<String, String>> theirDropped = new ArrayList<>();
        data.get("droppedTargets").forEach(t -> theirDropped.add(map(t.get("discoveredLabels"))));
        Map<String, List<RelabelConfig>> rules = relabelRules();
        for (Ours o : ours) {
            if (o.result().status() == TargetLabels.Status.DROPPED && pristineUntilDropped(o, rules.get(o.job()))) {
                Map<String, String> d = new HashMap<>(o.result().discovered().toMap());
                if (!theirDropped.remove(d)) {
                    mismatches.add(o.job() + ": we drop " + d + " but Prometheus does not list it as dropped");
                }
            }
        }
        if (data.get("droppedTargets").size() != expectedDropped) {
            mismatches.add("dropped targets: prometheus " + data.get("droppedTargets").size() + ", ours " + expectedDropped);
        }
        assertThat(mismatches).as("differences from Prometheus 2.42").isEmpty();
    }

    /** Whether the labels were unchanged by every rule before the one that dropped the target. */
    private static boolean pristineUntilDropped(Ours o, List<RelabelConfig> rules) {
        Labels d = o.result().discovered();
        for (int k = 1; k <= rules.size(); k++) {
            Labels r = io.meshlens.relabel.Relabel.process(d, rules.subList(0, k));
            if (r == null) {
                return true;
            }
            if (!r.equals(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Our parse of the relabel_configs of the very file Prometheus runs, per job — as a Collector
     * user writes it under the receiver's {@code config:}, with every {@code $} doubled to survive
     * the Collector's env expansion.
     */
    private Map<String, List<RelabelConfig>> relabelRules() {
        Path escaped = dir.resolve("collector-view.yml");
        try {
            Files.writeString(escaped, Files.readString(dir.resolve("prometheus.yml")).replace("$", "$$"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ConfigLoader.Result loaded = ConfigLoader.load(List.of(escaped), List.of(), Map.of());
        ConfigErrors errors = loaded.errors();
        Map<String, List<RelabelConfig>> rules = new HashMap<>();
        ConfigReader root = new ConfigReader(loaded.root(), "prometheus", errors);
        for (ConfigReader job : root.childList("scrape_configs")) {
            rules.put(job.string("job_name", ""), RelabelConfig.parseList(job, "relabel_configs"));
        }
        assertThat(errors.errors()).as("our parse of the config Prometheus accepted").isEmpty();
        return rules;
    }

    private List<Ours> computeOurs() throws IOException {
        Map<String, List<RelabelConfig>> rules = relabelRules();

        List<Map<String, Object>> groups = JSON.readValue(JSON.writeValueAsString(groups()), new TypeReference<>() { });
        List<Ours> out = new ArrayList<>();
        for (Case c : cases()) {
            TargetLabels.Settings s = new TargetLabels.Settings(c.name(), c.interval(), c.timeout(), c.metricsPath(),
                    c.scheme(), c.params(), rules.get(c.name()));
            for (Map<String, Object> g : groups) {
                @SuppressWarnings("unchecked")
                Map<String, String> groupLabels = new HashMap<>((Map<String, String>) g.get("labels"));
                groupLabels.put("__meta_filepath", fileOfJob.get(c.name()).toString());
                @SuppressWarnings("unchecked")
                String address = ((List<String>) g.get("targets")).get(0);
                out.add(new Ours(c.name(), TargetLabels.populate(Labels.of("__address__", address),
                        Labels.of(groupLabels), s)));
            }
        }
        return out;
    }

    /** Polls /api/v1/targets until file SD has delivered everything (or 60 s passed). */
    private JsonNode awaitTargets(long active, long dropped) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode data = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 200) {
                    data = JSON.readTree(resp.body()).get("data");
                    if (data.get("activeTargets").size() >= active && data.get("droppedTargets").size() >= dropped) {
                        Thread.sleep(1000);
                        resp = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        return JSON.readTree(resp.body()).get("data");
                    }
                }
            } catch (IOException notYetListening) {
                // Prometheus is still starting.
            }
            assertThat(prometheus.isAlive()).as("prometheus running; log: " + dir.resolve("prometheus.log")).isTrue();
            Thread.sleep(500);
        }
        assertThat(data).as("Prometheus answered /api/v1/targets").isNotNull();
        return data;
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> m = new HashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** Prometheus's Target.URL(): job params, overridden by __param_* labels; query sorted by key. */
    private static String scrapeUrl(Labels l, Ours o) {
        Map<String, List<String>> params = new TreeMap<>();
        cases().stream().filter(c -> c.name().equals(o.job())).findFirst().orElseThrow().params()
                .forEach((k, v) -> params.put(k, new ArrayList<>(v)));
        l.forEach((n, v) -> {
            if (n.startsWith("__param_")) {
                String k = n.substring("__param_".length());
                List<String> vs = params.computeIfAbsent(k, x -> new ArrayList<>());
                if (vs.isEmpty()) {
                    vs.add(v);
                } else {
                    vs.set(0, v);
                }
            }
        });
        StringBuilder q = new StringBuilder();
        params.forEach((k, vs) -> vs.forEach(v -> {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(escape(k)).append('=').append(escape(v));
        }));
        return l.get("__scheme__") + "://" + l.get("__address__") + l.get("__metrics_path__")
                + (q.isEmpty() ? "" : "?" + q);
    }

    private static String escape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }
}

package io.meshlens.lint;

import io.meshlens.discovery.StaticDiscoverer;
import io.meshlens.relabel.Labels;
import io.meshlens.scrape.ScrapeConfig;
import io.meshlens.scrape.Target;
import io.meshlens.scrape.TargetLabels;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one target {@code explain} scrapes: discovery labels as the config's service discovery would
 * give them for the sample, then the scrape config's {@code relabel_configs} and defaults
 * ({@link TargetLabels#populate}), as the scrape pool does. What was made up goes to {@code notes}.
 */
final class SampleTarget {
    static final String POD_IP = "10.42.0.17";
    static final String ADMIN_PORT = "4191";

    private SampleTarget() {
    }

    /** @throws IllegalArgumentException when the config's target relabeling drops or rejects the target */
    static Target build(ScrapeConfig cfg, URI url, List<String> notes) {
        Map<String, String> target = new LinkedHashMap<>();
        Map<String, String> group = Map.of();
        String host = url == null ? null : url.getHost();
        String port = url == null || url.getPort() < 0 ? ADMIN_PORT : String.valueOf(url.getPort());
        if (!cfg.kubernetesSdConfigs().isEmpty()) {
            String ip = host == null ? POD_IP : host;
            // What role: pod discovery gives a meshed pod's proxy admin container port.
            target.put("__address__", ip + ":" + port);
            target.put("__meta_kubernetes_namespace", "sample");
            target.put("__meta_kubernetes_pod_name", "sample-5d8f7c9b4-x7k2p");
            target.put("__meta_kubernetes_pod_uid", "00000000-0000-4000-8000-000000000017");
            target.put("__meta_kubernetes_pod_ip", ip);
            target.put("__meta_kubernetes_pod_ready", "true");
            target.put("__meta_kubernetes_pod_phase", "Running");
            target.put("__meta_kubernetes_pod_node_name", "node-1");
            target.put("__meta_kubernetes_pod_host_ip", "192.168.0.11");
            target.put("__meta_kubernetes_pod_controller_kind", "ReplicaSet");
            target.put("__meta_kubernetes_pod_controller_name", "sample-5d8f7c9b4");
            target.put("__meta_kubernetes_pod_container_name", "linkerd-proxy");
            target.put("__meta_kubernetes_pod_container_init", "false");
            target.put("__meta_kubernetes_pod_container_port_name", "linkerd-admin");
            target.put("__meta_kubernetes_pod_container_port_number", port);
            target.put("__meta_kubernetes_pod_container_port_protocol", "TCP");
            notes.add("target: made-up kubernetes pod discovery labels (pod sample/sample-5d8f7c9b4-x7k2p, ip " + ip
                    + ", container linkerd-proxy, port linkerd-admin " + port + ")");
        } else if (!cfg.staticConfigs().isEmpty() && !cfg.staticConfigs().getFirst().targets().isEmpty()) {
            StaticDiscoverer.Group g = cfg.staticConfigs().getFirst();
            target.put("__address__", host == null ? g.targets().getFirst() : host + ":" + port);
            group = g.labels();
            notes.add("target: the first static_configs target, address " + target.get("__address__"));
        } else {
            target.put("__address__", (host == null ? "sample" : host) + ":" + port);
            notes.add("target: address " + target.get("__address__") + " with no discovery labels");
        }
        TargetLabels.Result r = TargetLabels.populate(Labels.of(target), Labels.of(group), cfg.targetSettings());
        return switch (r.status()) {
            case ACTIVE -> new Target(r.labels(), r.discovered(), cfg);
            case DROPPED -> throw new IllegalArgumentException("job " + cfg.jobName()
                    + ": relabel_configs drop the sample's target " + r.discovered());
            case FAILED -> throw new IllegalArgumentException("job " + cfg.jobName() + ": creating the sample's target failed: "
                    + r.error());
        };
    }
}

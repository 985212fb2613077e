package io.meshlens.processor.k8sattributes;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meshlens.config.ConfigReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config of the {@code k8sattributes} processor, keys and defaults as Collector contrib 0.118.
 *
 * @param authType {@code serviceAccount} (default), {@code kubeConfig} or {@code none}
 * @param context kubeconfig context for {@code kubeConfig} (empty: current)
 * @param podAssociation rules tried in order; empty means the Collector's built-in association
 *        ({@code k8s.pod.ip}, {@code ip}, connection, {@code host.name} if it is an IP)
 * @param excludePods pod name regexes (unanchored) never used for enrichment
 */
public record K8sAttributesConfig(
        String authType,
        String context,
        boolean passthrough,
        Filter filter,
        List<AssociationRule> podAssociation,
        Extract extract,
        List<String> excludePods,
        boolean waitForMetadata,
        Duration waitForMetadataTimeout) {

    public K8sAttributesConfig {
        podAssociation = List.copyOf(podAssociation);
        excludePods = List.copyOf(excludePods);
    }

    /** Metadata extracted when {@code extract.metadata} is not set. */
    public static final List<String> DEFAULT_METADATA = List.of(
            "k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.pod.start_time", "k8s.deployment.name",
            "k8s.node.name", "container.image.name", "container.image.tag");

    /** Every {@code extract.metadata} value 0.118 accepts. */
    static final Set<String> SUPPORTED_METADATA = Set.of(
            "k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.pod.hostname", "k8s.pod.start_time", "k8s.pod.ip",
            "k8s.deployment.name", "k8s.deployment.uid", "k8s.replicaset.name", "k8s.replicaset.uid",
            "k8s.daemonset.name", "k8s.daemonset.uid", "k8s.statefulset.name", "k8s.statefulset.uid",
            "k8s.job.name", "k8s.job.uid", "k8s.cronjob.name", "k8s.node.name", "k8s.node.uid",
            "k8s.container.name", "container.id", "container.image.name", "container.image.tag",
            "container.image.repo_digests", "k8s.cluster.uid");

    static final List<String> DEFAULT_EXCLUDES = List.of("jaeger-agent", "jaeger-collector");

    /** Which pods are watched at all (DaemonSet mode: {@code node_from_env_var}). */
    public record Filter(String node, String nodeFromEnvVar, String namespace, List<FieldFilter> fields,
                         List<FieldFilter> labels) {
        public static final Filter NONE = new Filter("", "", "", List.of(), List.of());

        public Filter {
            fields = List.copyOf(fields);
            labels = List.copyOf(labels);
        }

        /** The node to restrict to: {@code node_from_env_var}'s value when set, else {@code node}. */
        public String resolvedNode(Map<String, String> env) {
            if (!nodeFromEnvVar.isEmpty()) {
                return env.getOrDefault(nodeFromEnvVar, "");
            }
            return node;
        }
    }

    /** {@code op}: equals (default), not-equals, exists, does-not-exist (the last two for labels only). */
    public record FieldFilter(String key, String value, String op) {
    }

    /** One {@code pod_association} entry: all sources must resolve for the rule to apply. */
    public record AssociationRule(List<Source> sources) {
        public AssociationRule {
            sources = List.copyOf(sources);
        }
    }

    /** {@code from}: {@code resource_attribute} (with {@code name}) or {@code connection}. */
    public record Source(String from, String name) {
        public static final String RESOURCE_ATTRIBUTE = "resource_attribute";
        public static final String CONNECTION = "connection";
    }

    public record Extract(List<String> metadata, List<FieldExtract> labels, List<FieldExtract> annotations,
                          boolean otelAnnotations) {
        public Extract {
            metadata = List.copyOf(metadata);
            labels = List.copyOf(labels);
            annotations = List.copyOf(annotations);
        }
    }

    /** {@code from}: pod (default), namespace or node. */
    public record FieldExtract(String tagName, String key, String keyRegex, String from) {
    }

    public static K8sAttributesConfig defaults() {
        return new K8sAttributesConfig("serviceAccount", "", false, Filter.NONE, List.of(),
                new Extract(DEFAULT_METADATA, List.of(), List.of(), false), DEFAULT_EXCLUDES, false,
                Duration.ofSeconds(10));
    }

    static K8sAttributesConfig parse(ConfigReader r, Map<String, String> env) {
        String authType = r.oneOf("auth_type", "serviceAccount", "serviceAccount", "kubeConfig", "none");
        String context = r.string("context", "");
        boolean passthrough = r.bool("passthrough", false);

        ConfigReader f = r.child("filter");
        Filter filter = new Filter(f.string("node", ""), f.string("node_from_env_var", ""), f.string("namespace", ""),
                fieldFilters(f, "fields", false), fieldFilters(f, "labels", true));
        f.finish();
        if (!filter.nodeFromEnvVar().isEmpty() && !env.containsKey(filter.nodeFromEnvVar())) {
            f.error("node_from_env_var", "`node_from_env_var` is configured but envvar \"" + filter.nodeFromEnvVar()
                    + "\" is not set");
        }

        List<AssociationRule> rules = new ArrayList<>();
        for (ConfigReader a : r.childList("pod_association")) {
            List<Source> sources = new ArrayList<>();
            for (ConfigReader s : a.childList("sources")) {
                String from = s.oneOf("from", "", Source.RESOURCE_ATTRIBUTE, Source.CONNECTION);
                String name = s.string("name", "");
                s.finish();
                if (Source.RESOURCE_ATTRIBUTE.equals(from) && name.isEmpty()) {
                    s.error("name", s.qualified("name") + ": a resource_attribute source needs the attribute name");
                }
                sources.add(new Source(from, name));
            }
            a.finish();
            if (sources.size() > 4) {
                a.error("too many association sources. limit is 4");
            }
            rules.add(new AssociationRule(sources));
        }

        ConfigReader e = r.child("extract");
        List<String> metadata = e.has("metadata") ? e.stringList("metadata") : DEFAULT_METADATA;
        e.ignore("metadata");
        for (String m : metadata) {
            if (!SUPPORTED_METADATA.contains(m)) {
                e.error("metadata", "\"" + m + "\" is not a supported metadata field");
            }
        }
        Extract extract = new Extract(metadata, fieldExtracts(e, "labels"), fieldExtracts(e, "annotations"),
                e.bool("otel_annotations", false));
        e.finish();

        List<String> excludes = DEFAULT_EXCLUDES;
        if (r.has("exclude")) {
            ConfigReader x = r.child("exclude");
            excludes = new ArrayList<>();
            for (ConfigReader p : x.childList("pods")) {
                String name = p.string("name", "");
                p.finish();
                try {
                    Pattern.compile(name);
                } catch (PatternSyntaxException ex) {
                    p.error("name", p.qualified("name") + ": " + ex.getMessage());
                }
                excludes.add(name);
            }
            x.finish();
        } else {
            r.ignore("exclude");
        }
        boolean wait = r.bool("wait_for_metadata", false);
        Duration waitTimeout = r.duration("wait_for_metadata_timeout", Duration.ofSeconds(10));
        r.finish();
        return new K8sAttributesConfig(authType, context, passthrough, filter, rules, extract, excludes, wait, waitTimeout);
    }

    private static List<FieldFilter> fieldFilters(ConfigReader f, String key, boolean labels) {
        List<FieldFilter> out = new ArrayList<>();
        for (ConfigReader c : f.childList(key)) {
            FieldFilter ff = new FieldFilter(c.string("key", ""), c.string("value", ""), c.string("op", ""));
            c.finish();
            boolean ok = switch (ff.op()) {
                case "", "equals", "not-equals" -> true;
                case "exists", "does-not-exist" -> labels;
                default -> false;
            };
            if (!ok) {
                c.error("op", "'" + ff.op() + "' is not a valid " + (labels ? "label" : "field")
                        + " filter operation for key=" + ff.key() + ", value=" + ff.value());
            }
            out.add(ff);
        }
        return out;
    }

    private static List<FieldExtract> fieldExtracts(ConfigReader e, String key) {
        List<FieldExtract> out = new ArrayList<>();
        for (ConfigReader c : e.childList(key)) {
            FieldExtract fe = new FieldExtract(c.string("tag_name", ""), c.string("key", ""), c.string("key_regex", ""),
                    c.string("from", ""));
            c.finish();
            if (!fe.key().isEmpty() && !fe.keyRegex().isEmpty()) {
                c.error("Out of Key or KeyRegex only one option is expected to be configured at a time, currently Key:"
                        + fe.key() + " and KeyRegex:" + fe.keyRegex());
            }
            switch (fe.from()) {
                case "", "pod", "namespace", "node" -> {
                }
                default -> c.error("from", fe.from() + " is not a valid choice for From. Must be one of: pod, namespace, node");
            }
            if (!fe.keyRegex().isEmpty()) {
                try {
                    Pattern.compile("^(?:" + fe.keyRegex() + ")$");
                } catch (PatternSyntaxException ex) {
                    c.error("key_regex", c.qualified("key_regex") + ": " + ex.getMessage());
                }
            }
            out.add(fe);
        }
        return out;
    }
}

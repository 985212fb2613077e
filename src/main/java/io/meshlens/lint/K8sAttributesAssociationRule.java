package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.Mark;
import io.meshlens.service.ServiceConfig.PipelineConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * k8sattributes-no-association: scraped data arrives without a client connection, so k8sattributes
 * can only find the pod through resource attributes the prometheus receiver sets. A rule is usable
 * when every source is such an attribute that the processor also indexes pods by; with none,
 * enrichment silently does nothing.
 */
final class K8sAttributesAssociationRule implements Rule {
    static final String ID = "k8sattributes-no-association";

    /** What the prometheus receiver puts on the resource of kubernetes-discovered targets. */
    static final Set<String> CARRIED = Set.of("k8s.pod.uid", "k8s.pod.name", "k8s.namespace.name",
            "k8s.container.name", "k8s.node.name", "server.address", "service.instance.id");
    /** The pod values the processor indexes pods by (other names: the pod's extracted attributes). */
    static final Set<String> INDEXED = Set.of("k8s.pod.uid", "k8s.pod.name", "k8s.namespace.name");

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        for (PipelineConfig p : ctx.pipelines()) {
            if (p.receivers().isEmpty() || !p.receivers().stream().allMatch(r -> r.type().equals("prometheus"))) {
                continue;
            }
            for (ComponentId proc : p.processors()) {
                if (!proc.type().equals("k8sattributes")) {
                    continue;
                }
                ConfigNode.Entry entry = ctx.components("processors", "k8sattributes").get(proc);
                if (entry == null) {
                    continue; // undefined: reported by the validator
                }
                check(proc, entry, p, out);
            }
        }
    }

    private static void check(ComponentId proc, ConfigNode.Entry entry, PipelineConfig p, List<Finding> out) {
        ConfigNode assoc = LintContext.at(entry.value(), "pod_association");
        List<ConfigNode> rules = LintContext.items(assoc);
        List<String> unusable = new ArrayList<>();
        for (ConfigNode rule : rules) {
            String why = unusable(rule);
            if (why == null) {
                return; // one usable rule is enough
            }
            unusable.add(why);
        }
        Mark at = assoc != null ? assoc.mark() : entry.keyMark();
        String what = rules.isEmpty()
                ? "No pod_association is configured, so it looks pods up by k8s.pod.ip, ip or the connection's address, none of "
                + "which data scraped by the prometheus receiver (pipeline " + p.id() + ") carries"
                : "No pod_association rule can be satisfied by data scraped by the prometheus receiver (pipeline " + p.id()
                + ") (" + String.join("; ", unusable) + ")";
        out.add(new Finding(ID, Severity.WARNING, at, "processors::" + proc,
                what + ", so no series is enriched and nothing reports it.",
                "Associate by what the receiver sets: pod_association: [{sources: [{from: resource_attribute, "
                        + "name: k8s.pod.uid}]}] (or k8s.pod.name plus k8s.namespace.name)."));
    }

    /** Null when the rule can match scraped data; else why not. */
    private static String unusable(ConfigNode rule) {
        List<ConfigNode> sources = LintContext.items(LintContext.at(rule, "sources"));
        if (sources.isEmpty()) {
            return "a rule without sources";
        }
        for (ConfigNode s : sources) {
            String from = LintContext.text(LintContext.at(s, "from"));
            String name = LintContext.text(LintContext.at(s, "name"));
            if ("connection".equals(from)) {
                return "from: connection — scraped data has no client connection";
            }
            if (name == null || !CARRIED.contains(name)) {
                return "resource attribute " + name + " is not set by the prometheus receiver";
            }
            if (!INDEXED.contains(name)) {
                return "resource attribute " + name + " is set, but pods are never indexed by it";
            }
        }
        return null;
    }
}

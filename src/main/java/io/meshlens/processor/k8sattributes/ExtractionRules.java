package io.meshlens.processor.k8sattributes;

import com.google.re2j.Pattern;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code extract} compiled: which attributes a pod, namespace or node contributes. Pod attributes
 * are computed once per pod event (not per batch), as the Collector's {@code podFromAPI}.
 */
final class ExtractionRules {
    static final String IGNORE_ANNOTATION = "opentelemetry.io/k8s-processor/ignore";
    private static final String OTEL_ANNOTATION_PREFIX = "resource.opentelemetry.io/";
    private static final Pattern CRONJOB_FROM_JOB = Pattern.compile("^(.*)-[0-9]+$");

    private final Set<String> metadata;
    private final List<FieldExtractRule> labels = new ArrayList<>();
    private final List<FieldExtractRule> annotations = new ArrayList<>();
    private final boolean otelAnnotations;

    ExtractionRules(K8sAttributesConfig.Extract extract) {
        this.metadata = Set.copyOf(extract.metadata());
        extract.labels().forEach(l -> labels.add(new FieldExtractRule(l, "labels")));
        extract.annotations().forEach(a -> annotations.add(new FieldExtractRule(a, "annotations")));
        this.otelAnnotations = extract.otelAnnotations();
    }

    boolean has(String attribute) {
        return metadata.contains(attribute);
    }

    /** ReplicaSets are watched only to name a pod's Deployment. */
    boolean needsReplicaSets() {
        return has("k8s.deployment.name") || has("k8s.deployment.uid");
    }

    boolean needsNodes() {
        return has("k8s.node.uid") || anyFrom("node");
    }

    boolean needsNamespaces() {
        return has("k8s.cluster.uid") || anyFrom("namespace");
    }

    private boolean anyFrom(String from) {
        return labels.stream().anyMatch(r -> r.from.equals(from)) || annotations.stream().anyMatch(r -> r.from.equals(from));
    }

    private boolean containerRules() {
        return has("k8s.container.name") || has("container.id") || has("container.image.name")
                || has("container.image.tag") || has("container.image.repo_digests");
    }

    /**
     * @param replicaSetByUid the ReplicaSet cache (deployment of a pod owned by a ReplicaSet)
     * @param clusterUid UID of the kube-system namespace, or empty
     */
    PodMeta podMeta(Pod pod, Function<String, ReplicaSet> replicaSetByUid, String clusterUid, List<Pattern> excludes) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        var status = pod.getStatus();
        Map<String, String> tags = new HashMap<>();
        if (has("k8s.pod.name")) {
            tags.put("k8s.pod.name", nz(meta.getName()));
        }
        if (has("k8s.pod.uid")) {
            tags.put("k8s.pod.uid", nz(meta.getUid()));
        }
        if (has("k8s.pod.start_time") && meta.getCreationTimestamp() != null && !meta.getCreationTimestamp().isEmpty()) {
            tags.put("k8s.pod.start_time", meta.getCreationTimestamp());
        }
        if (has("k8s.pod.ip") && status != null && status.getPodIP() != null) {
            tags.put("k8s.pod.ip", status.getPodIP());
        }
        if (has("k8s.namespace.name")) {
            tags.put("k8s.namespace.name", nz(meta.getNamespace()));
        }
        if (has("k8s.node.name") && spec != null && spec.getNodeName() != null) {
            tags.put("k8s.node.name", spec.getNodeName());
        }
        if (has("k8s.pod.hostname") && spec != null && spec.getHostname() != null) {
            tags.put("k8s.pod.hostname", spec.getHostname());
        }
        if (has("k8s.cluster.uid") && !clusterUid.isEmpty()) {
            tags.put("k8s.cluster.uid", clusterUid);
        }
        for (OwnerReference ref : nullSafe(meta.getOwnerReferences())) {
            switch (nz(ref.getKind())) {
                case "ReplicaSet" -> {
                    putIf(tags, "k8s.replicaset.name", ref.getName());
                    putIf(tags, "k8s.replicaset.uid", ref.getUid());
                    if (needsReplicaSets()) {
                        ReplicaSet rs = replicaSetByUid.apply(ref.getUid());
                        OwnerReference deploy = rs == null ? null : deploymentOf(rs);
                        if (deploy != null) {
                            putIf(tags, "k8s.deployment.name", deploy.getName());
                            putIf(tags, "k8s.deployment.uid", deploy.getUid());
                        }
                    }
                }
                case "DaemonSet" -> {
                    putIf(tags, "k8s.daemonset.name", ref.getName());
                    putIf(tags, "k8s.daemonset.uid", ref.getUid());
                }
                case "StatefulSet" -> {
                    putIf(tags, "k8s.statefulset.name", ref.getName());
                    putIf(tags, "k8s.statefulset.uid", ref.getUid());
                }
                case "Job" -> {
                    if (has("k8s.cronjob.name")) {
                        var m = CRONJOB_FROM_JOB.matcher(nz(ref.getName()));
                        if (m.matches()) {
                            tags.put("k8s.cronjob.name", m.group(1));
                        }
                    }
                    putIf(tags, "k8s.job.name", ref.getName());
                    putIf(tags, "k8s.job.uid", ref.getUid());
                }
                default -> {
                }
            }
        }
        extractFrom("pod", pod, tags);
        if (otelAnnotations && meta.getAnnotations() != null) {
            meta.getAnnotations().forEach((k, v) -> {
                if (k.startsWith(OTEL_ANNOTATION_PREFIX)) {
                    tags.put(k.substring(OTEL_ANNOTATION_PREFIX.length()), v);
                }
            });
        }

        Map<String, PodMeta.ContainerMeta> byName = new HashMap<>();
        Map<String, PodMeta.ContainerMeta> byId = new HashMap<>();
        if (containerRules() && spec != null) {
            List<Container> all = new ArrayList<>(nullSafe(spec.getContainers()));
            all.addAll(nullSafe(spec.getInitContainers()));
            List<ContainerStatus> statuses = new ArrayList<>();
            if (status != null) {
                statuses.addAll(nullSafe(status.getContainerStatuses()));
                statuses.addAll(nullSafe(status.getInitContainerStatuses()));
            }
            for (Container c : all) {
                ImageReference img = ImageReference.parse(c.getImage());
                ContainerStatus latest = null;
                for (ContainerStatus s : statuses) {
                    if (nz(c.getName()).equals(s.getName())) {
                        latest = s;
                    }
                }
                String id = latest == null ? "" : stripRuntime(nz(latest.getContainerID()));
                PodMeta.ContainerMeta cm = new PodMeta.ContainerMeta(
                        has("k8s.container.name") ? nz(c.getName()) : "",
                        has("container.image.name") ? img.name() : "",
                        has("container.image.tag") ? img.tag() : "",
                        has("container.id") ? id : "");
                byName.put(nz(c.getName()), cm);
                if (!id.isEmpty()) {
                    byId.put(id, cm);
                }
            }
        }

        boolean ignored = "true".equals(meta.getAnnotations() == null ? null : meta.getAnnotations().get(IGNORE_ANNOTATION));
        for (Pattern p : excludes) {
            if (p.matcher(nz(meta.getName())).find()) {
                ignored = true;
            }
        }
        return new PodMeta(nz(meta.getName()), nz(meta.getNamespace()), nz(meta.getUid()),
                status == null ? "" : nz(status.getPodIP()),
                spec != null && Boolean.TRUE.equals(spec.getHostNetwork()),
                status == null ? "" : nz(status.getStartTime()),
                spec == null ? "" : nz(spec.getNodeName()),
                Map.copyOf(tags), Map.copyOf(byName), Map.copyOf(byId), ignored);
    }

    /** Attributes a namespace or node contributes ({@code from: namespace|node} rules). */
    Map<String, String> objectAttributes(String from, HasMetadata obj) {
        Map<String, String> tags = new HashMap<>();
        extractFrom(from, obj, tags);
        return Map.copyOf(tags);
    }

    private void extractFrom(String from, HasMetadata obj, Map<String, String> tags) {
        for (FieldExtractRule r : labels) {
            if (r.from.equals(from)) {
                r.extract(obj.getMetadata().getLabels(), tags);
            }
        }
        for (FieldExtractRule r : annotations) {
            if (r.from.equals(from)) {
                r.extract(obj.getMetadata().getAnnotations(), tags);
            }
        }
    }

    private void putIf(Map<String, String> tags, String attribute, String value) {
        if (has(attribute)) {
            tags.put(attribute, nz(value));
        }
    }

    static OwnerReference deploymentOf(ReplicaSet rs) {
        for (OwnerReference r : nullSafe(rs.getMetadata().getOwnerReferences())) {
            if ("Deployment".equals(r.getKind())) {
                return r;
            }
        }
        return null;
    }

    private static String stripRuntime(String id) {
        int i = id.indexOf("://");
        return i < 0 ? id : id.substring(i + 3);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    static <T> List<T> nullSafe(List<T> l) {
        return l == null ? List.of() : l;
    }
}

package io.meshlens.processor.k8sattributes;

import io.meshlens.model.AttributeValues;
import io.meshlens.model.Attributes;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds pod, namespace and node attributes to one resource, as the Collector's
 * {@code processResource}: find the pod by the first association rule whose sources all resolve,
 * then set every attribute the resource does not already have with a non-empty value (existing
 * values are never overwritten).
 *
 * <p>Memoized: a scrape target's resource is the same {@link Attributes} instance on every scrape,
 * so after the first batch the lookup is one hash hit (identity-equal keys compare in O(1)).
 * Entries die when the cluster view changes ({@link KubeMetadata#version()}) or when the memo
 * exceeds {@link #MAX_MEMO} entries.
 *
 * <p>Results are also interned by content, so a resource whose enrichment did not change comes out
 * as the same instance after the memo was cleared. Any pod event in the cluster clears the memo
 * (every few seconds in a large cluster); without interning, every target would then hand on new
 * resource instances and the remote-write encoder, whose label cache is keyed by identity, would
 * rebuild the labels of every series (~6× the encoding cost, docs/performance.md).
 */
final class ResourceEnricher {
    static final int MAX_MEMO = 16_384;
    private static final String S_RESOURCE = K8sAttributesConfig.Source.RESOURCE_ATTRIBUTE;
    private static final String S_CONNECTION = K8sAttributesConfig.Source.CONNECTION;

    private final KubeMetadata kube;
    private final List<K8sAttributesConfig.AssociationRule> associations;
    private final Map<Attributes, Attributes> memo = new ConcurrentHashMap<>();
    private final Map<Attributes, Attributes> results = new ConcurrentHashMap<>();
    private volatile long memoVersion = -1;

    ResourceEnricher(KubeMetadata kube, List<K8sAttributesConfig.AssociationRule> associations) {
        this.kube = kube;
        this.associations = associations;
    }

    Attributes enrich(Attributes resource) {
        long v = kube.version();
        if (v != memoVersion || memo.size() > MAX_MEMO) {
            memo.clear();
            memoVersion = v;
        }
        Attributes cached = memo.get(resource);
        if (cached != null) {
            return cached;
        }
        Attributes out = intern(compute(resource));
        // Keep only results computed against an unchanged cluster view.
        if (kube.version() == v && memoVersion == v) {
            memo.put(resource, out);
        }
        return out;
    }

    private Attributes intern(Attributes out) {
        if (results.size() > MAX_MEMO) {
            results.clear();
        }
        Attributes known = results.putIfAbsent(out, out);
        return known == null ? out : known;
    }

    private Attributes compute(Attributes resource) {
        PodIdentifier id = podIdentifier(resource, associations);
        Attributes.Builder b = resource.toBuilder();
        PodMeta pod = id == null ? null : kube.pod(id);
        if (pod != null) {
            pod.attributes().forEach((k, val) -> setIfAbsent(b, k, val));
            addContainerAttributes(b, pod);
        }
        String namespace = pod != null && !pod.namespace().isEmpty() ? pod.namespace() : stringAttr(resource, "k8s.namespace.name");
        if (!namespace.isEmpty()) {
            Map<String, String> nsAttrs = kube.namespaceAttributes(namespace);
            if (nsAttrs != null) {
                nsAttrs.forEach((k, val) -> setIfAbsent(b, k, val));
            }
        }
        String nodeName = pod != null && !pod.nodeName().isEmpty() ? pod.nodeName() : stringAttr(resource, "k8s.node.name");
        if (!nodeName.isEmpty()) {
            KubeMetadata.NodeMeta node = kube.node(nodeName);
            if (node != null) {
                node.attributes().forEach((k, val) -> setIfAbsent(b, k, val));
                if (!node.uid().isEmpty()) {
                    setIfAbsent(b, "k8s.node.uid", node.uid());
                }
            }
        }
        Attributes out = b.build();
        return out.equals(resource) ? resource : out;
    }

    /**
     * The Collector's {@code extractPodID}. Without rules: {@code k8s.pod.ip}, then {@code ip},
     * then the connection's peer (never known in meshlens), then {@code host.name} if it is an IP —
     * each looked up as a connection IP. With rules: the first rule whose every source resolves.
     */
    static PodIdentifier podIdentifier(Attributes attrs, List<K8sAttributesConfig.AssociationRule> rules) {
        if (rules.isEmpty()) {
            for (String key : new String[] {"k8s.pod.ip", "ip"}) {
                String v = stringAttr(attrs, key);
                if (!v.isEmpty()) {
                    return PodIdentifier.connection(v);
                }
            }
            String host = stringAttr(attrs, "host.name");
            return isIp(host) ? PodIdentifier.connection(host) : null;
        }
        for (K8sAttributesConfig.AssociationRule rule : rules) {
            List<PodIdentifier.Part> parts = new java.util.ArrayList<>();
            boolean skip = false;
            for (K8sAttributesConfig.Source s : rule.sources()) {
                if (S_CONNECTION.equals(s.from())) {
                    // Batches carry no client address in meshlens: a connection source never resolves.
                    skip = true;
                    break;
                } else if (S_RESOURCE.equals(s.from())) {
                    String v = stringAttr(attrs, s.name());
                    if (v.isEmpty()) {
                        skip = true;
                        break;
                    }
                    parts.add(new PodIdentifier.Part(s.from(), s.name(), v));
                } else {
                    parts.add(new PodIdentifier.Part("", "", ""));
                }
            }
            if (!skip) {
                return new PodIdentifier(parts);
            }
        }
        return null;
    }

    /** Container attributes for the container named by {@code k8s.container.name} or {@code container.id}. */
    private static void addContainerAttributes(Attributes.Builder b, PodMeta pod) {
        String name = builderString(b, "k8s.container.name");
        String id = builderString(b, "container.id");
        PodMeta.ContainerMeta c;
        if (!name.isEmpty()) {
            c = pod.containersByName().get(name);
        } else if (!id.isEmpty()) {
            c = pod.containersById().get(id);
        } else if (pod.containersById().size() == 1) {
            c = pod.containersById().values().iterator().next();
        } else if (pod.containersByName().size() == 1) {
            c = pod.containersByName().values().iterator().next();
        } else {
            c = null;
        }
        if (c == null) {
            return;
        }
        if (!c.name().isEmpty()) {
            setIfAbsent(b, "k8s.container.name", c.name());
        }
        if (!c.imageName().isEmpty()) {
            setIfAbsent(b, "container.image.name", c.imageName());
        }
        if (!c.imageTag().isEmpty()) {
            setIfAbsent(b, "container.image.tag", c.imageTag());
        }
        if (!c.containerId().isEmpty() && b.get("container.id") == null) {
            b.put("container.id", c.containerId());
        }
    }

    /** The Collector's {@code setResourceAttribute}: set unless present with a non-empty value. */
    private static void setIfAbsent(Attributes.Builder b, String key, String value) {
        Object existing = b.get(key);
        if (existing == null || AttributeValues.asString(existing).isEmpty()) {
            b.put(key, value);
        }
    }

    private static String builderString(Attributes.Builder b, String key) {
        return b.get(key) instanceof String s ? s : "";
    }

    /** Only string-typed values count, as the Collector's {@code stringAttributeFromMap}. */
    static String stringAttr(Attributes attrs, String key) {
        return attrs.get(key) instanceof String s ? s : "";
    }

    /** Go's {@code net.ParseIP(s) != nil}: an IPv4 or IPv6 literal, never a name (no DNS lookup). */
    static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (s.indexOf(':') < 0 || !s.chars().allMatch(ch -> ch == ':' || ch == '.' || Character.digit(ch, 16) >= 0)) {
            return false;
        }
        try {
            return InetAddress.getByName(s) != null; // a colon makes Java parse it as an IPv6 literal only
        } catch (Exception e) {
            return false;
        }
    }

    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
}

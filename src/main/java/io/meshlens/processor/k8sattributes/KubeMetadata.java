package io.meshlens.processor.k8sattributes;

import com.google.re2j.Pattern;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The processor's view of the cluster, kept current by informers: pods by every identifier the
 * association rules can produce, ReplicaSets by UID (a pod's Deployment), namespaces and nodes by
 * name. As the Collector's {@code WatchClient}:
 * <ul>
 *   <li>a pod whose identifier (e.g. its IP) is already taken replaces the holder only if it did not
 *       start earlier — so a late update of a deleted pod cannot steal back a reused IP;</li>
 *   <li>a deleted pod stays resolvable for a grace period (late data still gets enriched), and is
 *       then removed only if the identifier still points at it.</li>
 * </ul>
 * {@link #version()} changes on every change, so per-resource results can be memoized safely.
 */
final class KubeMetadata implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubeMetadata.class.getName());
    static final Duration DELETE_GRACE_PERIOD = Duration.ofSeconds(120);
    static final Duration DELETE_INTERVAL = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final ExtractionRules rules;
    private final K8sAttributesConfig.Filter filter;
    private final String filterNode;
    private final List<K8sAttributesConfig.AssociationRule> associations;
    private final List<Pattern> excludes;
    private final Duration deleteGrace;
    private final Duration deleteInterval;

    private final Map<PodIdentifier, PodMeta> pods = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> namespaces = new ConcurrentHashMap<>();
    private final Map<String, NodeMeta> nodes = new ConcurrentHashMap<>();
    private final Deque<PendingDelete> deleteQueue = new ArrayDeque<>();
    private final AtomicLong version = new AtomicLong();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<Runnable> primers = new ArrayList<>();
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Namespace> namespaceInformer;
    private ScheduledExecutorService deleter;

    /** @param uid empty unless {@code k8s.node.uid} is extracted */
    record NodeMeta(String uid, Map<String, String> attributes) {
    }

    private record PendingDelete(PodIdentifier id, String podName, Instant ts) {
    }

    KubeMetadata(KubernetesClient client, K8sAttributesConfig config, Map<String, String> env,
                 Duration deleteGrace, Duration deleteInterval) {
        this.client = client;
        this.rules = new ExtractionRules(config.extract());
        this.filter = config.filter();
        this.filterNode = config.filter().resolvedNode(env);
        this.associations = config.podAssociation();
        this.excludes = config.excludePods().stream().map(Pattern::compile).toList();
        this.deleteGrace = deleteGrace;
        this.deleteInterval = deleteInterval;
    }

    /**
     * Starts the informers. ReplicaSets, namespaces and nodes are listed before pods (bounded wait),
     * because a pod's Deployment is resolved when the pod event is handled.
     */
    void start() {
        if (rules.needsReplicaSets()) {
            var op = filter.namespace().isEmpty() ? client.apps().replicaSets().inAnyNamespace()
                    : client.apps().replicaSets().inNamespace(filter.namespace());
            replicaSets = inform(op.runnableInformer(0), rs -> version.incrementAndGet(), rs -> version.incrementAndGet());
        }
        if (rules.needsNamespaces()) {
            namespaceInformer = inform(client.namespaces().runnableInformer(0),
                    ns -> {
                        namespaces.put(ns.getMetadata().getName(), rules.objectAttributes("namespace", ns));
                        version.incrementAndGet();
                    },
                    ns -> {
                        namespaces.remove(ns.getMetadata().getName());
                        version.incrementAndGet();
                    });
        }
        if (rules.needsNodes()) {
            var op = filterNode.isEmpty() ? client.nodes() : client.nodes().withField("metadata.name", filterNode);
            inform(op.runnableInformer(0),
                    n -> {
                        nodes.put(n.getMetadata().getName(),
                                new NodeMeta(rules.has("k8s.node.uid") ? ExtractionRules.nz(n.getMetadata().getUid()) : "",
                                        rules.objectAttributes("node", n)));
                        version.incrementAndGet();
                    },
                    n -> {
                        nodes.remove(n.getMetadata().getName());
                        version.incrementAndGet();
                    });
        }
        awaitSynced(Duration.ofSeconds(10));

        var podOp = filter.namespace().isEmpty() ? client.pods().inAnyNamespace() : client.pods().inNamespace(filter.namespace());
        var filtered = labelSelector() == null ? podOp : podOp.withLabelSelector(labelSelector());
        if (!filterNode.isEmpty()) {
            filtered = filtered.withField("spec.nodeName", filterNode);
        }
        for (K8sAttributesConfig.FieldFilter f : filter.fields()) {
            filtered = f.op().equals("not-equals") ? filtered.withoutField(f.key(), f.value()) : filtered.withField(f.key(), f.value());
        }
        inform(filtered.runnableInformer(0), this::addOrUpdatePod, this::forgetPod);

        deleter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "k8sattributes-delete");
            t.setDaemon(true);
            return t;
        });
        deleter.scheduleWithFixedDelay(this::deleteExpired, deleteInterval.toMillis(), deleteInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The {@code filter.labels} as a Kubernetes label selector, or null when there are none. */
    String labelSelector() {
        List<String> terms = new ArrayList<>();
        for (K8sAttributesConfig.FieldFilter f : filter.labels()) {
            terms.add(switch (f.op()) {
                case "not-equals" -> f.key() + "!=" + f.value();
                case "exists" -> f.key();
                case "does-not-exist" -> "!" + f.key();
                default -> f.key() + "=" + f.value();
            });
        }
        return terms.isEmpty() ? null : String.join(",", terms);
    }

    /**
     * Waits until every informer has listed its objects, then applies the listed objects directly:
     * an informer reports "synced" when its store is filled, while the add notifications reach
     * the handlers asynchronously, and {@code wait_for_metadata} promises lookups work right after.
     */
    boolean awaitSynced(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
                List.copyOf(primers).forEach(Runnable::run);
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Whether every informer has an open watch. */
    boolean isWatching() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    long version() {
        return version.get();
    }

    /** The pod for {@code id}, or null when unknown or ignored. */
    PodMeta pod(PodIdentifier id) {
        PodMeta p = pods.get(id);
        return p == null || p.ignored() ? null : p;
    }

    Map<String, String> namespaceAttributes(String namespace) {
        return namespaces.get(namespace);
    }

    NodeMeta node(String name) {
        return nodes.get(name);
    }

    // ---- pod events ----

    synchronized void addOrUpdatePod(Pod pod) {
        PodMeta meta = rules.podMeta(pod, this::replicaSet, clusterUid(), excludes);
        boolean changed = false;
        for (PodIdentifier id : identifiers(meta)) {
            PodMeta existing = pods.get(id);
            // A pod that started before the current holder is a stale update of a replaced pod.
            if (existing != null && startedBefore(meta.startTime(), existing.startTime())) {
                continue;
            }
            // An update that changes nothing we extract (status, conditions) keeps the memos:
            // each version change makes every resource be enriched, and its series relabeled, anew.
            if (!meta.equals(existing)) {
                pods.put(id, meta);
                changed = true;
            }
        }
        if (changed) {
            version.incrementAndGet();
        }
    }

    synchronized void forgetPod(Pod pod) {
        PodMeta meta = rules.podMeta(pod, this::replicaSet, clusterUid(), excludes);
        Instant now = Instant.now();
        for (PodIdentifier id : identifiers(meta)) {
            PodMeta current = pods.get(id);
            if (current != null && current.name().equals(meta.name())) {
                deleteQueue.add(new PendingDelete(id, meta.name(), now));
            }
        }
    }

    synchronized void deleteExpired() {
        Instant cutoff = Instant.now().minus(deleteGrace);
        boolean changed = false;
        while (!deleteQueue.isEmpty() && !deleteQueue.peekFirst().ts().isAfter(cutoff)) {
            PendingDelete d = deleteQueue.pollFirst();
            PodMeta p = pods.get(d.id());
            // Only if the identifier still points at the deleted pod (not at a pod that reused its IP).
            if (p != null && p.name().equals(d.podName())) {
                pods.remove(d.id());
                changed = true;
            }
        }
        if (changed) {
            version.incrementAndGet();
        }
    }

    /**
     * Every identifier the pod is indexed under: one per association rule whose sources the pod
     * can fill, plus the Collector's always-present {@code k8s.pod.uid}, connection IP and
     * {@code k8s.pod.ip} identifiers (no IP ones for host-network pods, which share the node's IP).
     */
    List<PodIdentifier> identifiers(PodMeta pod) {
        List<PodIdentifier> ids = new ArrayList<>();
        for (K8sAttributesConfig.AssociationRule rule : associations) {
            List<PodIdentifier.Part> parts = new ArrayList<>();
            boolean skip = false;
            for (K8sAttributesConfig.Source s : rule.sources()) {
                String value;
                if (K8sAttributesConfig.Source.CONNECTION.equals(s.from())) {
                    value = pod.hostNetwork() ? "" : pod.address();
                } else if (K8sAttributesConfig.Source.RESOURCE_ATTRIBUTE.equals(s.from())) {
                    value = switch (s.name()) {
                        case "k8s.namespace.name" -> pod.namespace();
                        case "k8s.pod.name" -> pod.name();
                        case "k8s.pod.uid" -> pod.uid();
                        case "host.name", "k8s.pod.ip" -> pod.address();
                        default -> pod.attributes().getOrDefault(s.name(), "");
                    };
                } else {
                    parts.add(new PodIdentifier.Part("", "", ""));
                    continue;
                }
                if (value.isEmpty()) {
                    skip = true;
                    break;
                }
                parts.add(new PodIdentifier.Part(s.from(), s.name(), value));
            }
            if (!skip) {
                ids.add(new PodIdentifier(parts));
            }
        }
        if (!pod.uid().isEmpty()) {
            ids.add(PodIdentifier.resourceAttribute("k8s.pod.uid", pod.uid()));
        }
        if (!pod.address().isEmpty() && !pod.hostNetwork()) {
            ids.add(PodIdentifier.connection(pod.address()));
            ids.add(PodIdentifier.resourceAttribute("k8s.pod.ip", pod.address()));
        }
        return ids;
    }

    private static boolean startedBefore(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        try {
            return Instant.parse(a).isBefore(Instant.parse(b));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ReplicaSet replicaSet(String uid) {
        if (replicaSets == null || uid == null) {
            return null;
        }
        for (ReplicaSet rs : replicaSets.getStore().list()) {
            if (uid.equals(rs.getMetadata().getUid())) {
                return rs;
            }
        }
        return null;
    }

    private String clusterUid() {
        if (namespaceInformer == null) {
            return "";
        }
        Namespace ks = namespaceInformer.getStore().getByKey("kube-system");
        return ks == null ? "" : ExtractionRules.nz(ks.getMetadata().getUid());
    }

    /**
     * Whether an update is the object the informer already had: a re-list (after a watch that
     * could not resume, e.g. 410 Gone) hands every object over again as an update. The API server
     * changes an object's resourceVersion on every change, so an equal one means nothing changed;
     * treated as a change, the re-list of 1,000 pods cleared every memo at once.
     */
    static boolean sameResourceVersion(HasMetadata a, HasMetadata b) {
        String va = a == null || a.getMetadata() == null ? null : a.getMetadata().getResourceVersion();
        String vb = b == null || b.getMetadata() == null ? null : b.getMetadata().getResourceVersion();
        return va != null && va.equals(vb);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer, Consumer<T> upsert,
                                                                Consumer<T> delete) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                upsert.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!sameResourceVersion(oldObj, newObj)) {
                    upsert.accept(newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                delete.accept(obj);
            }
        });
        informer.exceptionHandler((started, t) -> {
            LOG.log(Level.WARNING, "k8sattributes: watch of " + informer.getApiTypeClass().getSimpleName()
                    + " failed, retrying: " + t);
            return true;
        });
        informers.add(informer);
        primers.add(() -> informer.getStore().list().forEach(upsert));
        informer.start();
        return informer;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        if (deleter != null) {
            deleter.shutdownNow();
        }
    }
}

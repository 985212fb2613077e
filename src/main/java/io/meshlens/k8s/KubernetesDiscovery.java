package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.meshlens.discovery.Discoverer;
import io.meshlens.discovery.TargetGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Kubernetes service discovery ({@code kubernetes_sd_configs} entry) as Prometheus 2.42 does it:
 * informers (list + watch, no polling) per namespace for the role's objects, and on every add,
 * update or delete of an object the full target group of that object (an empty group once it is
 * gone), built from the informer cache at that moment.
 *
 * <p>Why a single worker with a set of pending keys (Prometheus's workqueue): a burst of updates to
 * one pod yields one group, and groups of all informers (pods, services, nodes) are built and
 * delivered from one thread, in order.
 */
public final class KubernetesDiscovery implements Discoverer {
    private static final Logger LOG = Logger.getLogger(KubernetesDiscovery.class.getName());

    private final KubernetesSdConfig config;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String ownNamespace;

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<SharedIndexInformer<Pod>> podInformers = new ArrayList<>();
    private final List<SharedIndexInformer<Service>> serviceInformers = new ArrayList<>();
    private final List<SharedIndexInformer<Endpoints>> endpointsInformers = new ArrayList<>();
    private final List<SharedIndexInformer<EndpointSlice>> sliceInformers = new ArrayList<>();
    private SharedIndexInformer<Node> nodeInformer;

    private final Set<String> pending = new LinkedHashSet<>();
    private ExecutorService worker;
    private volatile Consumer<List<TargetGroup>> onUpdate;
    private volatile boolean stopped;

    /** Discovery with its own client, built from the config ({@link KubernetesClients#forSd}). */
    public static KubernetesDiscovery create(KubernetesSdConfig config) {
        String own = null;
        if (config.namespaces().ownNamespace() && config.apiServer() == null && config.kubeconfigFile() == null) {
            try {
                own = Files.readString(KubernetesClients.SERVICE_ACCOUNT_NAMESPACE).trim();
            } catch (IOException e) {
                throw new IllegalStateException("could not determine the pod's namespace: " + e.getMessage(), e);
            }
            if (own.isEmpty()) {
                throw new IllegalStateException("could not read own namespace name (empty file)");
            }
        }
        return new KubernetesDiscovery(config, KubernetesClients.forSd(config), true, own);
    }

    /** Discovery over a given client (tests, the demo's simulated cluster); the caller closes the client. */
    public KubernetesDiscovery(KubernetesSdConfig config, KubernetesClient client) {
        this(config, client, false, null);
    }

    private KubernetesDiscovery(KubernetesSdConfig config, KubernetesClient client, boolean ownsClient, String ownNamespace) {
        this.config = config;
        this.client = client;
        this.ownsClient = ownsClient;
        this.ownNamespace = ownNamespace;
    }

    /** The namespaces to watch; a single null stands for all namespaces. */
    List<String> namespaces() {
        List<String> names = new ArrayList<>(config.namespaces().names());
        if (names.isEmpty() && !config.namespaces().ownNamespace()) {
            List<String> all = new ArrayList<>();
            all.add(null);
            return all;
        }
        if (config.namespaces().ownNamespace() && ownNamespace != null) {
            names.add(ownNamespace);
        }
        return names;
    }

    @Override
    public synchronized void start(Consumer<List<TargetGroup>> onUpdate) {
        if (worker != null) {
            throw new IllegalStateException("already started");
        }
        this.onUpdate = Objects.requireNonNull(onUpdate);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "k8s-sd-" + config.role());
            t.setDaemon(true);
            return t;
        });
        // As Prometheus waits for every informer cache before handling events: an endpoints group
        // built before the pod cache is filled would miss its pod labels.
        CountDownLatch informersCreated = new CountDownLatch(1);
        worker.execute(() -> awaitCaches(informersCreated));
        List<String> namespaces = namespaces();
        switch (config.role()) {
            case POD -> {
                if (config.attachNodeMetadata()) {
                    nodeInformer = inform(client.nodes(), Role.NODE, n -> enqueuePodsOfNode(n.getMetadata().getName()));
                }
                for (String ns : namespaces) {
                    podInformers.add(inform(in(client.pods(), ns), Role.POD, p -> enqueue("pod", p)));
                }
            }
            case NODE -> nodeInformer = inform(client.nodes(), Role.NODE, n -> enqueue("node", n));
            case SERVICE -> {
                for (String ns : namespaces) {
                    serviceInformers.add(inform(in(client.services(), ns), Role.SERVICE, s -> enqueue("svc", s)));
                }
            }
            case ENDPOINTS -> {
                if (config.attachNodeMetadata()) {
                    nodeInformer = inform(client.nodes(), Role.NODE, n -> enqueueEndpointsOfNode(n.getMetadata().getName()));
                }
                for (String ns : namespaces) {
                    endpointsInformers.add(inform(in(client.endpoints(), ns), Role.ENDPOINTS, e -> enqueue("endpoints", e)));
                    serviceInformers.add(inform(in(client.services(), ns), Role.SERVICE, this::enqueueEndpointsOfService));
                    podInformers.add(inform(in(client.pods(), ns), Role.POD, null));
                }
            }
            case ENDPOINTSLICE -> {
                if (config.attachNodeMetadata()) {
                    nodeInformer = inform(client.nodes(), Role.NODE, n -> enqueueSlicesOfNode(n.getMetadata().getName()));
                }
                for (String ns : namespaces) {
                    sliceInformers.add(inform(in(client.discovery().v1().endpointSlices(), ns), Role.ENDPOINTSLICE,
                            e -> enqueue("endpointslice", e)));
                    serviceInformers.add(inform(in(client.services(), ns), Role.SERVICE, this::enqueueSlicesOfService));
                    podInformers.add(inform(in(client.pods(), ns), Role.POD, null));
                }
            }
        }
        informersCreated.countDown();
    }

    private void awaitCaches(CountDownLatch informersCreated) {
        try {
            informersCreated.await();
            while (!stopped && !hasSynced()) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every informer has listed its objects once (initial target groups are then queued). */
    public boolean hasSynced() {
        for (SharedIndexInformer<?> i : informers) {
            if (!i.hasSynced()) {
                return false;
            }
        }
        return !informers.isEmpty();
    }

    /** Whether every informer has an open watch (changes from now on are seen). */
    public boolean isWatching() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (SharedIndexInformer<?> i : informers) {
            i.stop();
        }
        if (worker != null) {
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsClient) {
            client.close();
        }
    }

    // ---- informers ----

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
            FilterWatchListDeletable<T, L, R> in(MixedOperation<T, L, R> op, String namespace) {
        return namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace);
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> SharedIndexInformer<T> inform(
            FilterWatchListDeletable<T, L, R> op, Role selectorRole, Consumer<T> onChange) {
        KubernetesSdConfig.Selector sel = config.selectorFor(selectorRole);
        FilterWatchListDeletable<T, L, R> filtered = op;
        if (sel != null) {
            if (!sel.label().isEmpty()) {
                filtered = filtered.withLabelSelector(sel.label());
            }
            for (FieldSelector.Term t : FieldSelector.parse(sel.field()).terms()) {
                filtered = t.equal() ? filtered.withField(t.key(), t.value()) : filtered.withoutField(t.key(), t.value());
            }
        }
        SharedIndexInformer<T> informer = filtered.runnableInformer(0);
        if (onChange != null) {
            informer.addEventHandler(new ResourceEventHandler<T>() {
                @Override
                public void onAdd(T obj) {
                    onChange.accept(obj);
                }

                @Override
                public void onUpdate(T oldObj, T newObj) {
                    onChange.accept(newObj);
                }

                @Override
                public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                    onChange.accept(obj);
                }
            });
        }
        informer.exceptionHandler((isStarted, t) -> {
            LOG.log(Level.WARNING, "kubernetes_sd: " + config.role() + " watch failed, retrying: " + t);
            return true;
        });
        informers.add(informer);
        informer.start();
        return informer;
    }

    // ---- work queue ----

    private void enqueue(String kind, HasMetadata obj) {
        String ns = obj.getMetadata().getNamespace();
        enqueueKey(kind + "/" + (ns == null ? "" : ns + "/") + obj.getMetadata().getName());
    }

    private void enqueueKey(String key) {
        synchronized (pending) {
            if (!pending.add(key)) {
                return;
            }
        }
        try {
            worker.execute(() -> {
                synchronized (pending) {
                    pending.remove(key);
                }
                process(key);
            });
        } catch (RejectedExecutionException e) {
            // stopped
        }
    }

    private void process(String key) {
        if (stopped) {
            return;
        }
        TargetGroup group;
        try {
            group = build(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "kubernetes_sd: cannot build targets of " + key, e);
            return;
        }
        if (group != null && !stopped) {
            onUpdate.accept(List.of(group));
        }
    }

    /** The group of the object behind {@code key}, now; an empty group when it is gone. */
    private TargetGroup build(String key) {
        int slash = key.indexOf('/');
        String kind = key.substring(0, slash);
        String objKey = key.substring(slash + 1);
        switch (kind) {
            case "pod" -> {
                Pod pod = get(podInformers, objKey);
                if (pod == null) {
                    return TargetGroup.empty(key);
                }
                Map<String, String> nodeLabels = nodeInformer == null || pod.getSpec().getNodeName() == null
                        ? null : lookup.nodeLabels(pod.getSpec().getNodeName());
                return PodTargets.build(pod, nodeLabels);
            }
            case "node" -> {
                Node node = nodeInformer.getStore().getByKey(objKey);
                return node == null ? TargetGroup.empty(key) : NodeTargets.build(node);
            }
            case "svc" -> {
                Service svc = get(serviceInformers, objKey);
                return svc == null ? TargetGroup.empty(key) : ServiceTargets.build(svc);
            }
            case "endpoints" -> {
                Endpoints eps = get(endpointsInformers, objKey);
                return eps == null ? TargetGroup.empty(key) : EndpointsTargets.build(eps, lookup);
            }
            case "endpointslice" -> {
                EndpointSlice eps = get(sliceInformers, objKey);
                return eps == null ? TargetGroup.empty(key) : EndpointSliceTargets.build(eps, lookup);
            }
            default -> throw new IllegalStateException("unknown key " + key);
        }
    }

    private static <T> T get(List<SharedIndexInformer<T>> informers, String key) {
        for (SharedIndexInformer<T> i : informers) {
            T obj = i.getStore().getByKey(key);
            if (obj != null) {
                return obj;
            }
        }
        return null;
    }

    private final ObjectLookup lookup = new ObjectLookup() {
        @Override
        public Service service(String namespace, String name) {
            return get(serviceInformers, namespace + "/" + name);
        }

        @Override
        public Pod pod(String namespace, String name) {
            return get(podInformers, namespace + "/" + name);
        }

        @Override
        public Map<String, String> nodeLabels(String nodeName) {
            if (nodeInformer == null) {
                return null;
            }
            Node node = nodeInformer.getStore().getByKey(nodeName);
            return node == null ? null : NodeTargets.attachLabels(node);
        }
    };

    private void enqueuePodsOfNode(String nodeName) {
        for (SharedIndexInformer<Pod> i : podInformers) {
            for (Pod p : i.getStore().list()) {
                if (nodeName.equals(p.getSpec().getNodeName())) {
                    enqueue("pod", p);
                }
            }
        }
    }

    private void enqueueEndpointsOfService(Service svc) {
        Endpoints eps = get(endpointsInformers, svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName());
        if (eps != null) {
            enqueue("endpoints", eps);
        }
    }

    private void enqueueEndpointsOfNode(String nodeName) {
        for (SharedIndexInformer<Endpoints> i : endpointsInformers) {
            for (Endpoints e : i.getStore().list()) {
                boolean onNode = PodTargets.nullSafe(e.getSubsets()).stream()
                        .flatMap(s -> PodTargets.nullSafe(s.getAddresses()).stream())
                        .anyMatch(a -> nodeName.equals(a.getNodeName()));
                if (onNode) {
                    enqueue("endpoints", e);
                }
            }
        }
    }

    private void enqueueSlicesOfService(Service svc) {
        for (SharedIndexInformer<EndpointSlice> i : sliceInformers) {
            for (EndpointSlice s : i.getStore().list()) {
                Map<String, String> labels = s.getMetadata().getLabels();
                if (Objects.equals(svc.getMetadata().getNamespace(), s.getMetadata().getNamespace()) && labels != null
                        && svc.getMetadata().getName().equals(labels.get(EndpointSliceTargets.SERVICE_NAME_LABEL))) {
                    enqueue("endpointslice", s);
                }
            }
        }
    }

    private void enqueueSlicesOfNode(String nodeName) {
        for (SharedIndexInformer<EndpointSlice> i : sliceInformers) {
            for (EndpointSlice s : i.getStore().list()) {
                if (PodTargets.nullSafe(s.getEndpoints()).stream().anyMatch(e -> nodeName.equals(e.getNodeName()))) {
                    enqueue("endpointslice", s);
                }
            }
        }
    }

}

package io.meshlens.remotewrite;

import io.meshlens.model.AttributeValues;
import io.meshlens.model.Attributes;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Resolves (resource attributes, data-point attributes) to their {@link LabelSet}.
 *
 * <p>Keyed by the <em>identity</em> of the two {@link Attributes} instances: the scrape cache hands
 * out the same instances for a series on every scrape (ARCHITECTURE.md, "How data flows" step 5),
 * so a steady-state lookup is two identity-map probes and no label work. A miss builds the labels
 * and interns them by content, so a processor that re-creates equal attributes still lands on the
 * same LabelSet (and the same encoded series). Entries not used for {@link #IDLE_NANOS} (wall time,
 * not a number of encodes: with many targets, one target's series appear in only a few of the many
 * pushes per scrape interval) are swept, which bounds the cache by the live series plus a few minutes
 * of churn.
 */
final class LabelCache {
    static final String SERVICE_NAME = "service.name";
    static final String SERVICE_NAMESPACE = "service.namespace";
    static final String SERVICE_INSTANCE_ID = "service.instance.id";
    /** How long an entry may stay unused before it is dropped: longer than any usual scrape interval. */
    static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** How often the cache is checked for idle entries (a sweep walks the whole cache). */
    static final long SWEEP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final TranslationSettings settings;
    private Map<Attributes, PerResource> byIdentity = new IdentityHashMap<>();
    private final Map<LabelSet, LabelSet> interned = new HashMap<>();
    private Map<Attributes, LabelSet> targetInfo = new IdentityHashMap<>();

    /** The label sets of one resource instance, by data-point attributes instance. */
    private static final class PerResource {
        Map<Attributes, LabelSet> points = new IdentityHashMap<>();
        int lastUsed;
    }
    private int generation;
    private long built;
    private final LongSupplier nanoClock;
    /** (generation, nanoTime when it started), one every SWEEP_EVERY_NANOS, oldest first. */
    private final ArrayDeque<long[]> marks = new ArrayDeque<>();

    LabelCache(TranslationSettings settings) {
        this(settings, System::nanoTime);
    }

    LabelCache(TranslationSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    /**
     * Starts an encode; every {@link #SWEEP_EVERY_NANOS} it drops what was last used before the newest
     * generation that started at least {@link #IDLE_NANOS} ago.
     */
    int nextGeneration() {
        generation++;
        long now = nanoClock.getAsLong();
        if (marks.isEmpty() || now - marks.peekLast()[1] >= SWEEP_EVERY_NANOS) {
            marks.addLast(new long[] {generation, now});
            long[] cutoff = null;
            while (!marks.isEmpty() && now - marks.peekFirst()[1] >= IDLE_NANOS) {
                cutoff = marks.pollFirst();
            }
            if (cutoff != null) {
                sweep((int) cutoff[0]);
            }
        }
        return generation;
    }

    int size() {
        return interned.size();
    }

    /** Label sets built so far: each is a cache miss (a new attributes instance or a new series). */
    long built() {
        return built;
    }

    LabelSet labels(Attributes resource, Attributes point) {
        PerResource perResource = byIdentity.get(resource);
        if (perResource == null) {
            perResource = new PerResource();
            byIdentity.put(resource, perResource);
        }
        perResource.lastUsed = generation;
        LabelSet l = perResource.points.get(point);
        if (l == null) {
            Attributes attrs = point;
            if (settings.resourceToTelemetry()) {
                Attributes.Builder b = point.toBuilder();
                b.putAll(resource);
                attrs = b.build();
            }
            l = intern(build(resource, attrs, false));
            built++;
            perResource.points.put(point, l);
        }
        l.lastUsed = generation;
        return l;
    }

    /**
     * The target_info labels of a resource (job/instance + non-identifying attributes + external
     * labels), or null when contrib would skip it: no non-identifying attributes, or neither job
     * nor instance.
     */
    LabelSet targetInfo(Attributes resource) {
        LabelSet l = targetInfo.get(resource);
        if (l == null && !targetInfo.containsKey(resource)) {
            int nonIdentifying = resource.size();
            for (String k : new String[] {SERVICE_NAME, SERVICE_NAMESPACE, SERVICE_INSTANCE_ID}) {
                if (resource.containsKey(k)) {
                    nonIdentifying--;
                }
            }
            boolean identified = resource.containsKey(SERVICE_NAME) || resource.containsKey(SERVICE_INSTANCE_ID);
            if (nonIdentifying > 0 && identified) {
                l = intern(build(resource, resource, true));
                built++;
            }
            targetInfo.put(resource, l);
        }
        if (l != null) {
            l.lastUsed = generation;
        }
        return l;
    }

    private LabelSet intern(LabelSet l) {
        LabelSet existing = interned.putIfAbsent(l, l);
        return existing == null ? l : existing;
    }

    /** contrib's createAttributes, without the __name__ / le / quantile extras. */
    private LabelSet build(Attributes resource, Attributes attrs, boolean skipIdentifying) {
        TreeMap<String, String> labels = new TreeMap<>();
        // Attributes are sorted by key, so colliding keys are joined in key order, as contrib does.
        for (int i = 0; i < attrs.size(); i++) {
            String key = attrs.key(i);
            if (skipIdentifying && (key.equals(SERVICE_NAME) || key.equals(SERVICE_NAMESPACE)
                    || key.equals(SERVICE_INSTANCE_ID))) {
                continue;
            }
            String value = AttributeValues.asString(attrs.value(i));
            // Interned: a sanitized name (k8s.pod.name -> k8s_pod_name) is a new String per label set otherwise.
            labels.merge(PrometheusNaming.labelName(key).intern(), value, (a, b) -> a + ";" + b);
        }
        String serviceName = resource.getString(SERVICE_NAME);
        if (serviceName != null) {
            String ns = resource.getString(SERVICE_NAMESPACE);
            labels.put("job", ns == null ? serviceName : (ns + "/" + serviceName).intern());
        }
        String instance = resource.getString(SERVICE_INSTANCE_ID);
        if (instance != null) {
            labels.put("instance", instance);
        }
        settings.externalLabels().forEach(labels::putIfAbsent);
        String[] names = labels.keySet().toArray(new String[0]);
        String[] values = labels.values().toArray(new String[0]);
        return new LabelSet(names, values);
    }

    /**
     * Drops what was last used before generation {@code oldest}. Identity maps are rebuilt with the
     * survivors rather than pruned in place: removing through an IdentityHashMap iterator can copy its
     * table, which made a sweep of a fully stale resource quadratic.
     */
    private void sweep(int oldest) {
        interned.values().removeIf(l -> l.lastUsed < oldest);
        boolean staleResource = false;
        for (PerResource pr : byIdentity.values()) {
            staleResource |= pr.lastUsed < oldest;
            boolean stalePoint = false;
            for (LabelSet l : pr.points.values()) {
                if (l.lastUsed < oldest) {
                    stalePoint = true;
                    break;
                }
            }
            if (stalePoint) {
                Map<Attributes, LabelSet> points = new IdentityHashMap<>(pr.points.size());
                pr.points.forEach((a, l) -> {
                    if (l.lastUsed >= oldest) {
                        points.put(a, l);
                    }
                });
                pr.points = points;
            }
        }
        if (staleResource) {
            Map<Attributes, PerResource> live = new IdentityHashMap<>();
            byIdentity.forEach((resource, pr) -> {
                if (pr.lastUsed >= oldest) {
                    live.put(resource, pr);
                }
            });
            byIdentity = live;
        }
        if (!targetInfo.isEmpty()) {
            Map<Attributes, LabelSet> ti = new IdentityHashMap<>();
            targetInfo.forEach((resource, l) -> {
                if (l != null && l.lastUsed >= oldest) {
                    ti.put(resource, l);
                }
            });
            targetInfo = ti;
        }
    }
}

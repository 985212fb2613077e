package io.meshlens.processor.filter;

import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricType;
import io.meshlens.model.Scope;
import io.meshlens.model.Temporality;
import io.meshlens.ottl.Dependency;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memo of metric-context verdicts (drop or keep), so a steady scrape evaluates each condition once
 * per metric identity instead of once per metric per scrape.
 *
 * <p>What is keyed by what: a verdict is a function of exactly what the conditions read
 * ({@link Dependency}). The innermost key is the metric name, and the entry also stores
 * description, unit, type, temporality and monotonicity, which are compared on lookup (a change
 * re-evaluates and replaces the entry). When a condition reads resource attributes the entries
 * are grouped under the resource {@link Attributes} (equal attribute sets share entries; their
 * hash is cached, so the lookup does not allocate), likewise under the {@link Scope} when a
 * condition reads the scope. Conditions that read data points (HasAttrOnDatapoint...) are never
 * memoized: {@link #usable} is false for them.
 *
 * <p>When entries die: the memo is bounded; a level that outgrows its limit is cleared whole (a
 * cleared memo only costs re-evaluation). Verdicts after an ignored evaluation error are not stored.
 */
final class MetricVerdictCache {
    private static final int MAX_NAMES = 50_000;
    private static final int MAX_GROUPS = 10_000;
    private static final Object ANY = new Object();

    record Entry(String description, String unit, MetricType type, Temporality temporality,
                         boolean monotonic, boolean drop) {
        boolean sameAs(Metric m) {
            return type == m.type() && temporality == m.temporality() && monotonic == m.isMonotonic()
                    && description.equals(m.description()) && unit.equals(m.unit());
        }
    }

    private final boolean byResource;
    private final boolean byScope;
    private final ConcurrentHashMap<Object, ConcurrentHashMap<Object, ConcurrentHashMap<String, Entry>>> groups =
            new ConcurrentHashMap<>();

    MetricVerdictCache(Set<Dependency> dependencies) {
        this.byResource = dependencies.contains(Dependency.RESOURCE);
        this.byScope = dependencies.contains(Dependency.SCOPE);
    }

    /** Whether conditions with these dependencies can be memoized at all. */
    static boolean usable(Set<Dependency> dependencies) {
        return !dependencies.contains(Dependency.DATAPOINTS) && !dependencies.contains(Dependency.DATAPOINT)
                && !dependencies.contains(Dependency.SPAN);
    }

    /** The names map for this resource/scope (created on first use). */
    ConcurrentHashMap<String, Entry> names(Attributes resource, Scope scope) {
        Object rk = byResource ? resource : ANY;
        ConcurrentHashMap<Object, ConcurrentHashMap<String, Entry>> byScopeMap = groups.get(rk);
        if (byScopeMap == null) {
            if (groups.size() >= MAX_GROUPS) {
                groups.clear();
            }
            byScopeMap = groups.computeIfAbsent(rk, k -> new ConcurrentHashMap<>());
        }
        Object sk = byScope ? scope : ANY;
        ConcurrentHashMap<String, Entry> names = byScopeMap.get(sk);
        if (names == null) {
            if (byScopeMap.size() >= MAX_GROUPS) {
                byScopeMap.clear();
            }
            names = byScopeMap.computeIfAbsent(sk, k -> new ConcurrentHashMap<>());
        }
        return names;
    }

    /** The memoized verdict: TRUE drop, FALSE keep, null unknown. */
    static Boolean lookup(ConcurrentHashMap<String, Entry> names, Metric m) {
        Entry e = names.get(m.name());
        return e != null && e.sameAs(m) ? e.drop : null;
    }

    static void store(ConcurrentHashMap<String, Entry> names, Metric m, boolean drop) {
        if (names.size() >= MAX_NAMES) {
            names.clear();
        }
        names.put(m.name(), new Entry(m.description(), m.unit(), m.type(), m.temporality(), m.isMonotonic(), drop));
    }

    /** Number of memoized verdicts (for tests). */
    int size() {
        int n = 0;
        for (var s : groups.values()) {
            for (var names : s.values()) {
                n += names.size();
            }
        }
        return n;
    }
}

package io.meshlens.processor.attraction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.meshlens.model.Attributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Collector's attribute action engine ({@code internal/coreinternal/attraction}), shared by
 * the {@code resource} and {@code attributes} processors: a compiled action list applied in order
 * to one attribute set. {@link Attributes} are immutable, so an application copies the set at most
 * once, on the first action that changes something, and returns the input instance itself when no
 * action changed anything.
 */
public final class AttributeActions {
    /** Looks up {@code from_context} keys; meshlens receivers carry no client metadata, so by default none. */
    public static final Function<String, String> NO_CONTEXT = k -> null;

    private final Step[] steps;
    private final boolean usesContext;

    private AttributeActions(Step[] steps) {
        this.steps = steps;
        boolean ctx = false;
        for (Step s : steps) {
            ctx |= !s.config.fromContext().isEmpty();
        }
        this.usesContext = ctx;
    }

    /** Compiles validated actions (from {@link ActionsParser}). */
    public static AttributeActions compile(List<ActionConfig> actions) {
        List<Step> steps = new ArrayList<>(actions.size());
        for (ActionConfig a : actions) {
            Pattern p = a.pattern().isEmpty() ? null : Pattern.compile(a.pattern());
            String[] groupNames = null;
            if (a.action() == Action.EXTRACT) {
                groupNames = new String[p.groupCount() + 1];
                for (Map.Entry<String, Integer> e : p.namedGroups().entrySet()) {
                    groupNames[e.getValue()] = e.getKey();
                }
            }
            steps.add(new Step(a, p, groupNames));
        }
        return new AttributeActions(steps.toArray(new Step[0]));
    }

    public boolean isEmpty() {
        return steps.length == 0;
    }

    /** True when the result can depend on more than the input attributes (a {@code from_context} action). */
    public boolean usesContext() {
        return usesContext;
    }

    /** Applies the actions with no client context. */
    public Attributes apply(Attributes in) {
        return apply(in, NO_CONTEXT);
    }

    /** Applies every action in order; returns {@code in} itself when nothing changed. */
    public Attributes apply(Attributes in, Function<String, String> context) {
        WorkingSet w = new WorkingSet(in);
        for (Step s : steps) {
            s.apply(w, context);
        }
        return w.build();
    }

    private record Step(ActionConfig config, Pattern pattern, String[] groupNames) {
        void apply(WorkingSet w, Function<String, String> context) {
            String key = config.key();
            switch (config.action()) {
                case DELETE -> {
                    if (!key.isEmpty()) {
                        w.remove(key);
                    }
                    for (String k : matchingKeys(w)) {
                        w.remove(k);
                    }
                }
                case INSERT -> {
                    Object v = source(w, context);
                    if (v != null && w.get(key) == null) {
                        w.put(key, v);
                    }
                }
                case UPDATE -> {
                    Object v = source(w, context);
                    if (v != null && w.get(key) != null) {
                        w.put(key, v);
                    }
                }
                case UPSERT -> {
                    Object v = source(w, context);
                    if (v != null) {
                        w.put(key, v);
                    }
                }
                case HASH -> {
                    hash(w, key);
                    for (String k : matchingKeys(w)) {
                        hash(w, k);
                    }
                }
                case EXTRACT -> extract(w);
                case CONVERT -> {
                    Object v = w.get(key);
                    if (v != null) {
                        w.put(key, Conversion.convert(v, config.convertedType()));
                    }
                }
            }
        }

        private Object source(WorkingSet w, Function<String, String> context) {
            if (config.value() != null) {
                return config.value();
            }
            if (!config.fromContext().isEmpty()) {
                return context.apply(config.fromContext());
            }
            return w.get(config.fromAttribute());
        }

        private static void hash(WorkingSet w, String key) {
            Object v = key.isEmpty() ? null : w.get(key);
            if (v != null) {
                w.put(key, Hashing.sha256Hex(v));
            }
        }

        /** Keys matching the pattern (unanchored, as Go's MatchString), collected before any change. */
        private List<String> matchingKeys(WorkingSet w) {
            if (pattern == null) {
                return List.of();
            }
            List<String> out = null;
            for (int i = 0; i < w.size(); i++) {
                String k = w.key(i);
                if (pattern.matcher(k).find()) {
                    if (out == null) {
                        out = new ArrayList<>(4);
                    }
                    out.add(k);
                }
            }
            return out == null ? List.of() : out;
        }

        private void extract(WorkingSet w) {
            // Only string values are extracted from; the source key is kept.
            if (!(w.get(config.key()) instanceof String s)) {
                return;
            }
            Matcher m = pattern.matcher(s);
            if (!m.find()) {
                return;
            }
            for (int g = 1; g < groupNames.length; g++) {
                String part = m.group(g);
                w.put(groupNames[g], part == null ? "" : part);
            }
        }
    }
}

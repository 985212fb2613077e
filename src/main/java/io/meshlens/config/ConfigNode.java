package io.meshlens.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded, env-expanded, merged config tree that remembers where each value came from, so every
 * error can point at file:line:col. Produced by {@link ConfigLoader}; read by components through
 * {@link ConfigReader}.
 */
public sealed interface ConfigNode permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ScalarNode {
    Mark mark();

    /** A YAML mapping. Keys keep their own marks (errors about a key point at the key). */
    record MapNode(Mark mark, Map<String, Entry> entries) implements ConfigNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public ConfigNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public Mark keyMark(String key) {
            Entry e = entries.get(key);
            return e == null ? mark : e.keyMark();
        }
    }

    /** One key of a mapping: where the key is written, and its value. */
    record Entry(Mark keyMark, ConfigNode value) {
    }

    record ListNode(Mark mark, List<ConfigNode> items) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }
    }

    /**
     * A scalar. {@code value} is the YAML-typed value after expansion (String, Long, Double,
     * Boolean, or null); {@code text} is its verbatim string form, which string-typed fields read
     * (the Collector's "strictly typed input": {@code ${env:PORT}} resolving to 8080 is "8080" for
     * a string field).
     */
    record ScalarNode(Mark mark, Object value, String text) implements ConfigNode {
        public boolean isNull() {
            return value == null;
        }
    }

    /** Converts to plain Java values (Map/List/scalars), dropping marks. */
    static Object toPlain(ConfigNode n) {
        if (n == null) {
            return null;
        }
        return switch (n) {
            case MapNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, e) -> out.put(k, toPlain(e.value())));
                yield out;
            }
            case ListNode l -> l.items().stream().map(ConfigNode::toPlain).toList();
            case ScalarNode s -> s.value();
        };
    }
}

package io.meshlens.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Mark helpers for trees whose own positions mean nothing to a user (an env var's text, a --set). */
final class Marks {
    private Marks() {
    }

    /** The same tree with every node and key marked {@code at}. */
    static ConfigNode relocate(ConfigNode n, Mark at) {
        return switch (n) {
            case ConfigNode.ScalarNode s -> new ConfigNode.ScalarNode(at, s.value(), s.text());
            case ConfigNode.ListNode l -> new ConfigNode.ListNode(at, l.items().stream().map(i -> relocate(i, at)).toList());
            case ConfigNode.MapNode m -> {
                Map<String, ConfigNode.Entry> out = new LinkedHashMap<>();
                m.entries().forEach((k, e) -> out.put(k, new ConfigNode.Entry(at, relocate(e.value(), at))));
                yield new ConfigNode.MapNode(at, out);
            }
        };
    }
}

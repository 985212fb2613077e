package io.meshlens.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges config trees the way the Collector merges its config sources (koanf): mappings merge
 * key by key, recursively; anything else (list, scalar, null) from the later source replaces the
 * earlier value whole. Each value keeps the mark of the source it came from.
 */
final class ConfigMerger {
    /** Separates path segments in keys ({@code processors::batch::timeout}), as in the Collector. */
    static final String KEY_DELIMITER = "::";

    private ConfigMerger() {
    }

    /** {@code later} merged over {@code base}; the result keeps {@code base}'s mark and key order. */
    static ConfigNode.MapNode merge(ConfigNode.MapNode base, ConfigNode.MapNode later) {
        Map<String, ConfigNode.Entry> out = new LinkedHashMap<>(base.entries());
        later.entries().forEach((k, e) -> mergeEntry(out, k, e));
        Mark mark = base.mark().equals(Mark.UNKNOWN) ? later.mark() : base.mark();
        return new ConfigNode.MapNode(mark, out);
    }

    /** Puts {@code e} under {@code key}, deep-merging when both the old and the new value are mappings. */
    static void mergeEntry(Map<String, ConfigNode.Entry> entries, String key, ConfigNode.Entry e) {
        ConfigNode.Entry old = entries.get(key);
        if (old != null && old.value() instanceof ConfigNode.MapNode a && e.value() instanceof ConfigNode.MapNode b) {
            entries.put(key, new ConfigNode.Entry(old.keyMark(), merge(a, b)));
        } else {
            entries.put(key, e);
        }
    }
}

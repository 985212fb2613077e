package io.meshlens.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, explicit reading of one config mapping, for component factories:
 *
 * <pre>{@code
 * String endpoint = r.requiredString("endpoint");
 * Duration timeout = r.duration("timeout", Duration.ofSeconds(5));
 * ConfigReader retry = r.child("retry_on_failure");
 * r.finish();   // every key not read above becomes an "unknown key" error
 * }</pre>
 *
 * Wrong types and unknown keys are recorded in the shared {@link ConfigErrors} with the value's
 * file:line:col and the component ID; the getter then returns the default, so reading continues
 * and all problems of a file are reported together.
 */
public final class ConfigReader {
    private final ConfigNode.MapNode node;
    private final String component;
    private final String path;
    private final ConfigErrors errors;
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * @param node the mapping (null or an empty/null scalar reads as an empty mapping)
     * @param component component ID for messages, e.g. {@code processors::filter/mesh}
     * @param path dotted key path inside the component, for messages (empty at the top)
     */
    public ConfigReader(ConfigNode node, String component, String path, ConfigErrors errors) {
        this.component = component;
        this.path = path;
        this.errors = errors;
        if (node instanceof ConfigNode.MapNode m) {
            this.node = m;
        } else {
            Mark mark = node == null ? Mark.UNKNOWN : node.mark();
            if (node != null && !(node instanceof ConfigNode.ScalarNode s && s.isNull())) {
                errors.error(mark, component, (path.isEmpty() ? "config" : path) + ": expected a mapping");
            }
            this.node = new ConfigNode.MapNode(mark, Map.of());
        }
    }

    public ConfigReader(ConfigNode node, String component, ConfigErrors errors) {
        this(node, component, "", errors);
    }

    public String component() {
        return component;
    }

    public ConfigErrors errors() {
        return errors;
    }

    public ConfigNode.MapNode node() {
        return node;
    }

    public Mark mark() {
        return node.mark();
    }

    /** Where {@code key} is written (or the mapping itself when absent). */
    public Mark mark(String key) {
        return node.keyMark(key);
    }

    /** Where the value of {@code key} is written (or the mapping itself when absent). */
    public Mark valueMark(String key) {
        ConfigNode v = node.get(key);
        return v == null ? node.mark() : v.mark();
    }

    public boolean has(String key) {
        ConfigNode v = node.get(key);
        return v != null && !(v instanceof ConfigNode.ScalarNode s && s.isNull());
    }

    public Set<String> keys() {
        return node.entries().keySet();
    }

    /** The raw node of {@code key}, marked as read; null when absent. */
    public ConfigNode raw(String key) {
        read.add(key);
        return node.get(key);
    }

    public String string(String key, String def) {
        ConfigNode.ScalarNode s = scalar(key);
        if (s == null || s.isNull()) {
            return def;
        }
        return s.text();
    }

    public String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isEmpty()) {
            if (!node.entries().containsKey(key) || v == null) {
                error(key, "\"" + qualified(key) + "\" must be specified");
            }
            return v == null ? "" : v;
        }
        return v;
    }

    public boolean bool(String key, boolean def) {
        ConfigNode.ScalarNode s = scalar(key);
        if (s == null || s.isNull()) {
            return def;
        }
        if (s.value() instanceof Boolean b) {
            return b;
        }
        String t = s.text().trim().toLowerCase();
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        typeError(key, s, "a boolean (true/false)");
        return def;
    }

    public long integer(String key, long def) {
        ConfigNode.ScalarNode s = scalar(key);
        if (s == null || s.isNull()) {
            return def;
        }
        if (s.value() instanceof Long l) {
            return l;
        }
        try {
            return Long.parseLong(s.text().trim());
        } catch (NumberFormatException e) {
            typeError(key, s, "an integer");
            return def;
        }
    }

    public int int32(String key, int def) {
        long v = integer(key, def);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            error(key, "\"" + qualified(key) + "\" is out of range: " + v);
            return def;
        }
        return (int) v;
    }

    public double number(String key, double def) {
        ConfigNode.ScalarNode s = scalar(key);
        if (s == null || s.isNull()) {
            return def;
        }
        if (s.value() instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(s.text().trim());
        } catch (NumberFormatException e) {
            typeError(key, s, "a number");
            return def;
        }
    }

    /** A Go-syntax duration ("200ms", "1m30s"); a bare integer is nanoseconds, as mapstructure decodes it. */
    public Duration duration(String key, Duration def) {
        ConfigNode.ScalarNode s = scalar(key);
        if (s == null || s.isNull()) {
            return def;
        }
        if (s.value() instanceof Long l) {
            return Duration.ofNanos(l);
        }
        try {
            return GoDuration.parse(s.text());
        } catch (IllegalArgumentException e) {
            errors.error(s.mark(), component, qualified(key) + ": " + e.getMessage());
            return def;
        }
    }

    /** Reads a scalar with a custom parser; a thrown IllegalArgumentException becomes an error at the value. */
    public <T> T parsed(String key, T def, Function<String, T> parser) {
        ConfigNode.ScalarNode s = scalar(key);
        if (s == null || s.isNull()) {
            return def;
        }
        try {
            return parser.apply(s.text());
        } catch (IllegalArgumentException e) {
            errors.error(s.mark(), component, qualified(key) + ": " + e.getMessage());
            return def;
        }
    }

    /** One of {@code allowed} (case-sensitive), else an error naming the allowed values. */
    public String oneOf(String key, String def, String... allowed) {
        String v = string(key, def);
        if (v == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        errors.error(valueMark(key), component, qualified(key) + ": \"" + v + "\" is not one of "
                + String.join(", ", allowed));
        return def;
    }

    public List<String> stringList(String key) {
        read.add(key);
        ConfigNode n = node.get(key);
        List<String> out = new ArrayList<>();
        if (n == null || n instanceof ConfigNode.ScalarNode s && s.isNull()) {
            return out;
        }
        if (n instanceof ConfigNode.ListNode l) {
            for (ConfigNode item : l.items()) {
                if (item instanceof ConfigNode.ScalarNode s && !s.isNull()) {
                    out.add(s.text());
                } else {
                    errors.error(item.mark(), component, qualified(key) + ": expected a list of strings");
                }
            }
        } else {
            errors.error(n.mark(), component, qualified(key) + ": expected a list");
        }
        return out;
    }

    public Map<String, String> stringMap(String key) {
        read.add(key);
        ConfigNode n = node.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n instanceof ConfigNode.ScalarNode s && s.isNull()) {
            return out;
        }
        if (n instanceof ConfigNode.MapNode m) {
            m.entries().forEach((k, e) -> {
                if (e.value() instanceof ConfigNode.ScalarNode s) {
                    out.put(k, s.isNull() ? "" : s.text());
                } else {
                    errors.error(e.value().mark(), component, qualified(key) + "." + k + ": expected a string");
                }
            });
        } else {
            errors.error(n.mark(), component, qualified(key) + ": expected a mapping");
        }
        return out;
    }

    /** The mapping under {@code key} (empty when absent). */
    public ConfigReader child(String key) {
        read.add(key);
        return new ConfigReader(node.get(key), component, qualified(key), errors);
    }

    /** Each mapping of the list under {@code key}. */
    public List<ConfigReader> childList(String key) {
        read.add(key);
        ConfigNode n = node.get(key);
        List<ConfigReader> out = new ArrayList<>();
        if (n == null || n instanceof ConfigNode.ScalarNode s && s.isNull()) {
            return out;
        }
        if (!(n instanceof ConfigNode.ListNode l)) {
            errors.error(n.mark(), component, qualified(key) + ": expected a list");
            return out;
        }
        for (int i = 0; i < l.items().size(); i++) {
            out.add(new ConfigReader(l.items().get(i), component, qualified(key) + "[" + i + "]", errors));
        }
        return out;
    }

    /** Records an error about {@code key} at its value (or the key when absent). */
    public void error(String key, String message) {
        errors.error(has(key) ? valueMark(key) : mark(key), component, message);
    }

    public void warning(String key, String message) {
        errors.warning(has(key) ? valueMark(key) : mark(key), component, message);
    }

    /** Records an error about this whole mapping. */
    public void error(String message) {
        errors.error(node.mark(), component, (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** Marks keys as read without reading them (e.g. keys handled elsewhere). */
    public void ignore(String... keys) {
        read.addAll(List.of(keys));
    }

    /** Every key present but never read is an error: {@code unknown key "metric"} (with the valid keys). */
    public void finish() {
        for (Map.Entry<String, ConfigNode.Entry> e : node.entries().entrySet()) {
            if (!read.contains(e.getKey())) {
                String known = read.isEmpty() ? "" : " (valid keys: " + String.join(", ", read) + ")";
                errors.error(e.getValue().keyMark(), component,
                        "unknown key \"" + qualified(e.getKey()) + "\"" + known);
            }
        }
    }

    /** The key with this reader's path, e.g. {@code retry_on_failure.enabled}. */
    public String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private ConfigNode.ScalarNode scalar(String key) {
        read.add(key);
        ConfigNode n = node.get(key);
        if (n == null) {
            return null;
        }
        if (n instanceof ConfigNode.ScalarNode s) {
            return s;
        }
        errors.error(n.mark(), component, qualified(key) + ": expected a single value, not a "
                + (n instanceof ConfigNode.MapNode ? "mapping" : "list"));
        return null;
    }

    private void typeError(String key, ConfigNode.ScalarNode s, String expected) {
        errors.error(s.mark(), component, qualified(key) + ": expected " + expected + ", got \"" + s.text() + "\"");
    }
}

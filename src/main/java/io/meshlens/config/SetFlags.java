package io.meshlens.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --set key.path=value} flags, read as the Collector's otelcol does: split at the first
 * {@code =}; in the key every {@code .} becomes the path separator {@code ::} (so both spellings
 * work, and a component name holding a dot cannot be addressed); the flag is then the one-line
 * YAML document {@code key::path: value}, so the value is YAML ({@code [a, b]} is a list,
 * {@code {a: 1}} a mapping, nothing is null, {@code # ...} is a comment). Each becomes a config
 * source merged after the files, marked {@code --set:N:1} for the N-th flag.
 */
final class SetFlags {
    static final String SOURCE = "--set";

    private SetFlags() {
    }

    static List<ConfigNode.MapNode> parse(List<String> sets, ConfigErrors errors) {
        List<ConfigNode.MapNode> out = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            ConfigNode.MapNode doc = parseOne(sets.get(i), new Mark(SOURCE, i + 1, 1), errors);
            if (doc != null) {
                out.add(doc);
            }
        }
        return out;
    }

    private static ConfigNode.MapNode parseOne(String flag, Mark mark, ConfigErrors errors) {
        String what = "invalid --set " + GoQuote.quote(flag) + ": ";
        int eq = flag.indexOf('=');
        if (eq < 0) {
            errors.error(mark, "", what + "missing equal sign (expected key.path=value)");
            return null;
        }
        String key = flag.substring(0, eq).replace(".", ConfigMerger.KEY_DELIMITER).trim();
        if (key.isEmpty()) {
            errors.error(mark, "", what + "missing key before '='");
            return null;
        }
        ConfigErrors problems = new ConfigErrors();
        ConfigNode doc = YamlReader.readDocument(SOURCE, key + ": " + flag.substring(eq + 1).trim(), problems);
        for (ConfigError e : problems.errors()) {
            errors.error(mark, "", what + e.message());
        }
        if (problems.hasErrors() || doc == null) {
            return null;
        }
        if (!(doc instanceof ConfigNode.MapNode)) {
            errors.error(mark, "", what + "not a key: value pair");
            return null;
        }
        return (ConfigNode.MapNode) Marks.relocate(doc, mark);
    }
}

package io.meshlens.lint;

import io.meshlens.config.Mark;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config files as written, before env expansion: every scalar value with its position and the
 * key it belongs to, and the text itself, so a finding can point at the exact character (a {@code $},
 * a regex inside an OTTL condition) rather than at the start of the value.
 */
final class RawYaml {
    /** A scalar value as written (YAML-unquoted, not env-expanded) and the mapping key above it. */
    record Scalar(String value, Mark mark, String key) {
    }

    private final Map<String, String[]> lines = new LinkedHashMap<>();
    private final List<Scalar> scalars = new ArrayList<>();

    void add(String source, String text) {
        lines.put(source, text.split("\n", -1));
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source).build();
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            composer.getSingleNode().ifPresent(n -> walk(source, n, ""));
        } catch (YamlEngineException e) {
            // The loader reports syntax errors; lint works on what it could read.
        }
    }

    List<Scalar> scalars() {
        return scalars;
    }

    /**
     * Where {@code needle} first occurs at or after {@code from} (within a few lines, i.e. inside the
     * value starting there); {@code from} itself when it does not occur.
     */
    Mark locate(Mark from, String needle) {
        String[] ls = lines.get(from.source());
        if (ls == null || from.line() <= 0 || needle.isEmpty()) {
            return from;
        }
        for (int l = from.line() - 1; l < Math.min(ls.length, from.line() + 20); l++) {
            int start = l == from.line() - 1 ? Math.max(0, from.column() - 1) : 0;
            int i = ls[l].indexOf(needle, Math.min(start, ls[l].length()));
            if (i >= 0) {
                return new Mark(from.source(), l + 1, i + 1);
            }
        }
        return from;
    }


    private void walk(String source, Node node, String key) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                walk(source, t.getValueNode(), k);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                walk(source, item, key);
            }
        } else if (node instanceof ScalarNode s) {
            Mark mark = s.getStartMark().map(m -> new Mark(source, m.getLine() + 1, m.getColumn() + 1))
                    .orElse(new Mark(source, 0, 0));
            scalars.add(new Scalar(s.getValue(), mark, key));
        }
    }
}

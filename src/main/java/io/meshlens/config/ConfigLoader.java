package io.meshlens.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads Collector-format config files into one {@link ConfigNode} tree.
 *
 * <p>PROVISIONAL: plain YAML with marks only. Env expansion, multi-file merge and --set are
 * being written (issue #2); the signature stays.
 */
public final class ConfigLoader {
    /** The merged tree (an empty mapping when nothing loaded) and every problem found. */
    public record Result(ConfigNode.MapNode root, ConfigErrors errors) {
    }

    private ConfigLoader() {
    }

    /**
     * @param files config files, merged in order (maps deep-merge, later wins; lists replace)
     * @param sets {@code --set} values: {@code key::path=value}
     * @param env environment for {@code ${env:X}} expansion
     */
    public static Result load(List<Path> files, List<String> sets, Map<String, String> env) {
        ConfigErrors errors = new ConfigErrors();
        ConfigNode.MapNode root = new ConfigNode.MapNode(Mark.UNKNOWN, Map.of());
        for (Path f : files) {
            try {
                String text = Files.readString(f);
                ConfigNode n = parseYaml(f.toString(), text);
                if (n instanceof ConfigNode.MapNode m) {
                    root = m;
                }
            } catch (IOException e) {
                errors.error(new Mark(f.toString(), 0, 0), "", "cannot read config file: " + e.getMessage());
            }
        }
        return new Result(root, errors);
    }

    static ConfigNode parseYaml(String source, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).build();
        Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
        Node node = composer.getSingleNode().orElse(null);
        if (node == null) {
            return new ConfigNode.MapNode(new Mark(source, 1, 1), Map.of());
        }
        return convert(source, node);
    }

    private static ConfigNode convert(String source, Node node) {
        Mark mark = node.getStartMark()
                .map(m -> new Mark(source, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Mark(source, 0, 0));
        if (node instanceof MappingNode m) {
            Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                ConfigNode k = convert(source, t.getKeyNode());
                String key = k instanceof ConfigNode.ScalarNode s ? s.text() : String.valueOf(ConfigNode.toPlain(k));
                entries.put(key, new ConfigNode.Entry(k.mark(), convert(source, t.getValueNode())));
            }
            return new ConfigNode.MapNode(mark, entries);
        }
        if (node instanceof SequenceNode s) {
            List<ConfigNode> items = new ArrayList<>();
            for (Node item : s.getValue()) {
                items.add(convert(source, item));
            }
            return new ConfigNode.ListNode(mark, items);
        }
        ScalarNode s = (ScalarNode) node;
        return new ConfigNode.ScalarNode(mark, s.getValue(), s.getValue());
    }
}

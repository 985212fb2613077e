package io.meshlens.config;

import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into a {@link ConfigNode} tree with 1-based marks on every key and
 * value, typing plain scalars like go-yaml v3 ({@link YamlScalars}). Problems (syntax, duplicate
 * keys, bad tags) are recorded, not thrown: a syntax error ends the document, the others do not.
 */
final class YamlReader {
    /** Marks a plain untagged scalar, so we type it ourselves instead of by YAML 1.2 core rules. */
    private static final Tag PLAIN = new Tag("tag:meshlens.io,2025:plain");
    private static final Schema SCHEMA = new Schema() {
        @Override
        public ScalarResolver getScalarResolver() {
            return (value, implicit) -> implicit ? PLAIN : Tag.STR;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return Map.of();
        }
    };

    private final String source;
    private final ConfigErrors errors;
    private final IdentityHashMap<Node, Boolean> inProgress = new IdentityHashMap<>();

    private YamlReader(String source, ConfigErrors errors) {
        this.source = source;
        this.errors = errors;
    }

    /**
     * A config document (file or --set). Keys containing {@code ::} are paths into nested mappings,
     * as the Collector's config map reads them (outside lists). Returns null when the text is not
     * YAML (the error is recorded), a null scalar for an empty document.
     */
    static ConfigNode readDocument(String source, String text, ConfigErrors errors) {
        return new YamlReader(source, errors).read(text, true);
    }

    /**
     * A value a provider returned ({@code ${env:X}}, {@code ${file:...}}): returns null when it is
     * not valid YAML, which the Collector then uses verbatim as a string.
     */
    static ConfigNode readValue(String source, String text) {
        ConfigErrors quiet = new ConfigErrors();
        ConfigNode n = new YamlReader(source, quiet).read(text, false);
        return quiet.hasErrors() ? null : n;
    }

    private ConfigNode read(String text, boolean pathKeys) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setSchema(SCHEMA).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            // Like go-yaml's Unmarshal, only the first document counts.
            if (!composer.hasNext()) {
                return new ConfigNode.ScalarNode(new Mark(source, 1, 1), null, "");
            }
            return convert(composer.next(), pathKeys);
        } catch (MarkedYamlEngineException e) {
            Mark at = e.getProblemMark().or(e::getContextMark).map(this::mark).orElse(new Mark(source, 1, 1));
            String context = e.getContext() == null ? "" : " (" + e.getContext().trim() + ")";
            errors.error(at, "", "invalid YAML: " + e.getProblem().trim() + context);
        } catch (YamlEngineException e) {
            errors.error(new Mark(source, 1, 1), "", "invalid YAML: " + e.getMessage());
        }
        return null;
    }

    private Mark mark(org.snakeyaml.engine.v2.exceptions.Mark m) {
        return new Mark(source, m.getLine() + 1, m.getColumn() + 1);
    }

    private Mark mark(Node node) {
        return node.getStartMark().map(this::mark).orElse(new Mark(source, 0, 0));
    }

    private ConfigNode convert(Node node, boolean pathKeys) {
        Mark mark = mark(node);
        if (inProgress.containsKey(node)) {
            errors.error(mark, "", "recursive YAML alias is not supported");
            return new ConfigNode.ScalarNode(mark, null, "");
        }
        inProgress.put(node, true);
        try {
            return switch (node) {
                case MappingNode m -> convertMap(m, mark, pathKeys);
                case SequenceNode s -> {
                    List<ConfigNode> items = new ArrayList<>();
                    for (Node item : s.getValue()) {
                        items.add(convert(item, false));
                    }
                    yield new ConfigNode.ListNode(mark, items);
                }
                case ScalarNode s -> scalar(s, mark);
                default -> throw new IllegalStateException("unknown YAML node " + node);
            };
        } finally {
            inProgress.remove(node);
        }
    }

    private ConfigNode.MapNode convertMap(MappingNode m, Mark mark, boolean pathKeys) {
        Map<String, ConfigNode.Entry> explicit = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        Map<String, ConfigNode.Entry> merged = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node keyNode = t.getKeyNode();
            Mark keyMark = mark(keyNode);
            if (!(keyNode instanceof ScalarNode ks)) {
                errors.error(keyMark, "", "mapping key must be a single value, not a "
                        + (keyNode instanceof MappingNode ? "mapping" : "list"));
                continue;
            }
            String key = ks.getValue();
            if (ks.getTag() == PLAIN && key.equals("<<")) {
                mergeKeyValue(t.getValueNode(), merged);
                continue;
            }
            Integer previous = firstLine.putIfAbsent(key, keyMark.line());
            if (previous != null) {
                // go-yaml's wording, so users can search for it.
                errors.error(keyMark, "", "mapping key \"" + key + "\" already defined at line " + previous);
                continue;
            }
            ConfigNode value = convert(t.getValueNode(), pathKeys);
            put(explicit, key, keyMark, value, pathKeys);
        }
        Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
        merged.forEach((k, e) -> {
            if (!explicit.containsKey(k)) {
                entries.put(k, e);
            }
        });
        entries.putAll(explicit);
        return new ConfigNode.MapNode(mark, entries);
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: earlier maps win; explicit keys win over all. */
    private void mergeKeyValue(Node value, Map<String, ConfigNode.Entry> merged) {
        List<Node> sources = value instanceof SequenceNode s ? s.getValue() : List.of(value);
        for (Node src : sources) {
            if (convert(src, false) instanceof ConfigNode.MapNode map) {
                map.entries().forEach(merged::putIfAbsent);
            } else {
                errors.error(mark(src), "", "map merge requires a mapping or a list of mappings");
            }
        }
    }

    /** Adds an entry; with pathKeys, {@code a::b: v} is {@code a: {b: v}}, deep-merged with siblings. */
    private static void put(Map<String, ConfigNode.Entry> entries, String key, Mark keyMark, ConfigNode value,
                            boolean pathKeys) {
        int sep = pathKeys ? key.indexOf(ConfigMerger.KEY_DELIMITER) : -1;
        if (sep < 0) {
            ConfigMerger.mergeEntry(entries, key, new ConfigNode.Entry(keyMark, value));
            return;
        }
        String[] parts = key.split(ConfigMerger.KEY_DELIMITER, -1);
        ConfigNode nested = value;
        for (int i = parts.length - 1; i >= 1; i--) {
            nested = new ConfigNode.MapNode(keyMark, Map.of(parts[i], new ConfigNode.Entry(keyMark, nested)));
        }
        ConfigMerger.mergeEntry(entries, parts[0], new ConfigNode.Entry(keyMark, nested));
    }

    private ConfigNode scalar(ScalarNode s, Mark mark) {
        String text = s.getValue();
        Tag tag = s.getTag();
        if (tag == PLAIN) {
            return new ConfigNode.ScalarNode(mark, YamlScalars.resolvePlain(text), text);
        }
        Object typed = text.isEmpty() ? null : YamlScalars.resolvePlain(text);
        String expected = null;
        if (tag.equals(Tag.INT)) {
            expected = typed instanceof Long ? null : "!!int";
        } else if (tag.equals(Tag.FLOAT)) {
            if (typed instanceof Long l) {
                typed = l.doubleValue();
            }
            expected = typed instanceof Double ? null : "!!float";
        } else if (tag.equals(Tag.BOOL)) {
            expected = typed instanceof Boolean ? null : "!!bool";
        } else if (tag.equals(Tag.NULL)) {
            expected = typed == null ? null : "!!null";
        } else {
            // !!str, quoted and block scalars, and tags we do not know: the text as written.
            return new ConfigNode.ScalarNode(mark, text, text);
        }
        if (expected != null) {
            errors.error(mark, "", "cannot decode \"" + text + "\" as a " + expected);
            return new ConfigNode.ScalarNode(mark, text, text);
        }
        return new ConfigNode.ScalarNode(mark, typed, text);
    }
}

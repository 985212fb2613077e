package io.meshlens.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads Collector-format config files into one {@link ConfigNode} tree, as the Collector (contrib
 * 0.118) resolves {@code --config} and {@code --set}: every file and then every {@code --set} is
 * parsed and merged in order, then {@code ${...}} references are expanded over the merged tree and
 * {@code $$} unescaped. Problems of all sources are collected, not thrown. See README.md here.
 */
public final class ConfigLoader {
    /** The merged tree (an empty mapping when nothing loaded) and every problem found. */
    public record Result(ConfigNode.MapNode root, ConfigErrors errors) {
    }

    private ConfigLoader() {
    }

    /**
     * @param files config files, merged in order (maps deep-merge, later wins; lists replace)
     * @param sets {@code --set} values: {@code key::path=value} or {@code key.path=value}
     * @param env environment for {@code ${env:X}} / {@code ${X}} expansion
     */
    public static Result load(List<Path> files, List<String> sets, Map<String, String> env) {
        ConfigErrors errors = new ConfigErrors();
        ConfigNode.MapNode root = new ConfigNode.MapNode(Mark.UNKNOWN, Map.of());
        for (Path f : files) {
            ConfigNode.MapNode doc = readFile(f, errors);
            if (doc != null) {
                root = ConfigMerger.merge(root, doc);
            }
        }
        for (ConfigNode.MapNode set : SetFlags.parse(sets, errors)) {
            root = ConfigMerger.merge(root, set);
        }
        root = (ConfigNode.MapNode) new Expander(env, errors).expand(root);
        return new Result(root, errors);
    }

    private static ConfigNode.MapNode readFile(Path f, ConfigErrors errors) {
        String source = f.toString();
        String text;
        try {
            text = Files.readString(f);
        } catch (NoSuchFileException e) {
            errors.error(new Mark(source, 0, 0), "", "cannot read config file: no such file");
            return null;
        } catch (AccessDeniedException e) {
            errors.error(new Mark(source, 0, 0), "", "cannot read config file: permission denied");
            return null;
        } catch (CharacterCodingException e) {
            errors.error(new Mark(source, 0, 0), "", "cannot read config file: not UTF-8 text");
            return null;
        } catch (IOException e) {
            errors.error(new Mark(source, 0, 0), "", "cannot read config file: " + e);
            return null;
        }
        ConfigNode doc = YamlReader.readDocument(source, text, errors);
        return switch (doc) {
            case null -> null;
            case ConfigNode.MapNode m -> m;
            case ConfigNode.ScalarNode s when s.isNull() -> new ConfigNode.MapNode(s.mark(), Map.of());
            default -> {
                errors.error(doc.mark(), "", "config must be a mapping at the top level, not a "
                        + (doc instanceof ConfigNode.ListNode ? "list" : "single value"));
                yield null;
            }
        };
    }
}

package io.meshlens.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes config files into a test's temp dir and loads them. */
final class LoaderFixture {
    private final Path dir;

    LoaderFixture(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String yaml) {
        Path p = dir.resolve(name);
        try {
            Files.writeString(p, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    ConfigLoader.Result load(String yaml, Map<String, String> env, String... sets) {
        return ConfigLoader.load(List.of(write("config.yaml", yaml)), List.of(sets), env);
    }

    /** The node at a path of mapping keys (String) and list indexes (Integer). */
    static ConfigNode at(ConfigNode n, Object... path) {
        ConfigNode cur = n;
        for (Object step : path) {
            cur = step instanceof Integer i ? ((ConfigNode.ListNode) cur).items().get(i)
                    : ((ConfigNode.MapNode) cur).get((String) step);
        }
        return cur;
    }

    static List<String> errors(ConfigLoader.Result r) {
        return r.errors().errors().stream().map(ConfigError::toString).toList();
    }

    /** Drops the temp dir from messages, so expectations read {@code config.yaml:1:4: ...}. */
    String relative(String message) {
        return message.replace(dir + "/", "");
    }

    List<String> relativeErrors(ConfigLoader.Result r) {
        return errors(r).stream().map(this::relative).toList();
    }
}

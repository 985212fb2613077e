package io.meshlens.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --set} as otelcol 0.118 reads it (otelcol/flags.go: {@code yaml:<key with . as ::>: <value>}). */
class SetFlagsTest {
    private static final String BASE = "processors:\n  batch:\n    timeout: 1s\n    send_batch_size: 10\nlist: [a, b]\n";

    @TempDir
    Path dir;

    static Stream<Arguments> sets() {
        return Stream.of(
                Arguments.of("dots separate the path", "processors.batch.timeout=2s",
                        Map.of("timeout", "2s", "send_batch_size", 10L)),
                Arguments.of(":: separates the path too", "processors::batch::timeout=2s",
                        Map.of("timeout", "2s", "send_batch_size", 10L)),
                Arguments.of("split at the first =", "processors.batch.timeout=a=b",
                        Map.of("timeout", "a=b", "send_batch_size", 10L)),
                Arguments.of("key and value are trimmed", " processors.batch.timeout = 3s ",
                        Map.of("timeout", "3s", "send_batch_size", 10L)),
                Arguments.of("the value is YAML-typed", "processors.batch.send_batch_size=20",
                        Map.of("timeout", "1s", "send_batch_size", 20L)),
                Arguments.of("a YAML mapping value merges", "processors.batch={send_batch_size: 5, metadata_keys: [x]}",
                        Map.of("timeout", "1s", "send_batch_size", 5L, "metadata_keys", List.of("x"))),
                Arguments.of("an empty value is null", "processors.batch.timeout=",
                        nullTimeout()),
                Arguments.of("the value is expanded like file values", "processors.batch.timeout=${env:T}",
                        Map.of("timeout", "5s", "send_batch_size", 10L)));
    }

    private static Map<String, Object> nullTimeout() {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("timeout", null);
        m.put("send_batch_size", 10L);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sets(String name, String flag, Map<String, Object> batch) {
        ConfigLoader.Result r = new LoaderFixture(dir).load(BASE, Map.of("T", "5s"), flag);

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(ConfigNode.toPlain(LoaderFixture.at(r.root(), "processors", "batch"))).isEqualTo(batch);
    }

    @Test
    void a_list_value_replaces_the_list() {
        ConfigLoader.Result r = new LoaderFixture(dir).load(BASE, Map.of(), "list=[c]");

        assertThat(ConfigNode.toPlain(r.root().get("list"))).isEqualTo(List.of("c"));
    }

    @Test
    void later_sets_win_and_are_marked_by_their_position() {
        ConfigLoader.Result r = new LoaderFixture(dir).load(BASE, Map.of(),
                "processors.batch.timeout=2s", "processors.batch.timeout=4s", "new.key=1");

        ConfigNode timeout = LoaderFixture.at(r.root(), "processors", "batch", "timeout");
        assertThat(((ConfigNode.ScalarNode) timeout).value()).isEqualTo("4s");
        assertThat(timeout.mark()).isEqualTo(new Mark("--set", 2, 1));
        assertThat(LoaderFixture.at(r.root(), "new", "key").mark().toString()).isEqualTo("--set:3:1");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("key:name", "--set:1:1: invalid --set \"key:name\": missing equal sign (expected key.path=value)"),
                Arguments.of("=value", "--set:1:1: invalid --set \"=value\": missing key before '='"),
                Arguments.of("a.b=c: d", "--set:1:1: invalid --set \"a.b=c: d\": invalid YAML: mapping values are not allowed here"),
                Arguments.of("a=[1, 2", "--set:1:1: invalid --set \"a=[1, 2\": invalid YAML: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void malformed(String flag, String error) {
        ConfigLoader.Result r = new LoaderFixture(dir).load(BASE, Map.of(), flag);

        assertThat(LoaderFixture.errors(r)).singleElement().asString().startsWith(error);
        assertThat(ConfigNode.toPlain(LoaderFixture.at(r.root(), "processors", "batch", "timeout"))).isEqualTo("1s");
    }

    @Test
    void every_malformed_set_is_reported() {
        ConfigLoader.Result r = new LoaderFixture(dir).load(BASE, Map.of(), "x", "ok=1", "y");

        assertThat(LoaderFixture.errors(r)).extracting(e -> e.substring(0, e.indexOf(": ")))
                .containsExactly("--set:1:1", "--set:3:1");
    }
}

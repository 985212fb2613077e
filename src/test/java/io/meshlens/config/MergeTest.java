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

/** Several --config files merged in order, as the Collector (koanf) merges them. */
class MergeTest {
    @TempDir
    Path dir;

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of("mappings merge deeply, later wins",
                        "r:\n  a: 1\n  n:\n    x: 1\n    y: 1\n", "r:\n  n:\n    y: 2\n  b: 2\n",
                        Map.of("r", Map.of("a", 1L, "b", 2L, "n", Map.of("x", 1L, "y", 2L)))),
                Arguments.of("lists are replaced, not appended",
                        "l: [a, b, c]\n", "l: [d]\n", Map.of("l", List.of("d"))),
                Arguments.of("scalars are replaced", "s: 1\n", "s: two\n", Map.of("s", "two")),
                Arguments.of("a mapping replaces a scalar", "s: 1\n", "s:\n  k: v\n", Map.of("s", Map.of("k", "v"))),
                Arguments.of("a scalar replaces a mapping", "s:\n  k: v\n", "s: 1\n", Map.of("s", 1L)),
                Arguments.of("an empty mapping leaves the earlier mapping", "m:\n  k: v\n", "m: {}\n", Map.of("m", Map.of("k", "v"))),
                Arguments.of("references are expanded after merging", "v: ${env:A}\nw: x\n", "w: ${env:A}\n",
                        Map.of("v", "a", "w", "a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void merges(String name, String first, String second, Map<String, Object> expected) {
        LoaderFixture fx = new LoaderFixture(dir);
        ConfigLoader.Result r = ConfigLoader.load(List.of(fx.write("1.yaml", first), fx.write("2.yaml", second)),
                List.of(), Map.of("A", "a"));

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(ConfigNode.toPlain(r.root())).isEqualTo(expected);
    }

    @Test
    void a_null_in_a_later_file_replaces_the_earlier_value() {
        LoaderFixture fx = new LoaderFixture(dir);
        ConfigLoader.Result r = ConfigLoader.load(List.of(fx.write("1.yaml", "m:\n  k: v\n"), fx.write("2.yaml", "m:\n")),
                List.of(), Map.of());

        assertThat(r.root().entries()).containsKey("m");
        assertThat(((ConfigNode.ScalarNode) r.root().get("m")).isNull()).isTrue();
    }

    @Test
    void each_value_keeps_the_mark_of_the_file_it_came_from() {
        LoaderFixture fx = new LoaderFixture(dir);
        Path one = fx.write("1.yaml", "r:\n  a: 1\n  b: 1\n");
        Path two = fx.write("2.yaml", "\nr:\n  b: 2\n  c: ${env:X}\n");

        ConfigLoader.Result r = ConfigLoader.load(List.of(one, two), List.of(), Map.of("X", "3"));

        ConfigNode.MapNode m = (ConfigNode.MapNode) r.root().get("r");
        assertThat(m.get("a").mark()).isEqualTo(new Mark(one.toString(), 2, 6));
        assertThat(m.get("b").mark()).isEqualTo(new Mark(two.toString(), 3, 6));
        assertThat(m.keyMark("b")).isEqualTo(new Mark(two.toString(), 3, 3));
        assertThat(m.get("c").mark()).isEqualTo(new Mark(two.toString(), 4, 6));
        assertThat(m.mark()).as("a merged mapping keeps where it first appeared").isEqualTo(new Mark(one.toString(), 2, 3));
    }

    @Test
    void missing_file_is_named_and_the_other_files_still_load() {
        LoaderFixture fx = new LoaderFixture(dir);
        Path missing = dir.resolve("nope.yaml");

        ConfigLoader.Result r = ConfigLoader.load(List.of(missing, fx.write("ok.yaml", "a: 1\n")), List.of(), Map.of());

        assertThat(LoaderFixture.errors(r)).containsExactly(missing + ": cannot read config file: no such file");
        assertThat(ConfigNode.toPlain(r.root())).isEqualTo(Map.of("a", 1L));
    }

    @Test
    void errors_of_every_file_are_reported_together() {
        LoaderFixture fx = new LoaderFixture(dir);
        ConfigLoader.Result r = ConfigLoader.load(List.of(
                fx.write("a.yaml", "x: ${1}\n"),
                fx.write("b.yaml", "y: [\n"),
                fx.write("c.yaml", "z: 1\nz: 2\n")), List.of(), Map.of());

        assertThat(fx.relativeErrors(r)).extracting(e -> e.substring(0, e.indexOf(": ")))
                .containsExactly("a.yaml:1:4", "b.yaml:2:1", "c.yaml:2:1");
    }

    @Test
    void no_files_give_an_empty_mapping() {
        ConfigLoader.Result r = ConfigLoader.load(List.of(), List.of(), Map.of());

        assertThat(r.root().entries()).isEmpty();
        assertThat(r.errors().all()).isEmpty();
    }
}

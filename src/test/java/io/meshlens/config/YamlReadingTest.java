package io.meshlens.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** YAML reading: go-yaml v3 typing, marks, and problems reported at file:line:col. */
class YamlReadingTest {
    @TempDir
    Path dir;

    private LoaderFixture fx() {
        return new LoaderFixture(dir);
    }

    static Stream<Arguments> typing() {
        return Stream.of(
                Arguments.of("decimal int", "42", 42L),
                Arguments.of("signed int", "-5", -5L),
                Arguments.of("plus sign", "+5", 5L),
                Arguments.of("leading zero is octal", "0123", 83L),
                Arguments.of("hex", "0x1F", 31L),
                Arguments.of("0o octal", "0o17", 15L),
                Arguments.of("binary", "0b101", 5L),
                Arguments.of("underscores", "1_000", 1000L),
                Arguments.of("float", "1.5", 1.5),
                Arguments.of("exponent", "1e3", 1000.0),
                Arguments.of("leading dot float", ".5", 0.5),
                Arguments.of("non-octal digits after 0 make a float", "089", 89.0),
                Arguments.of("infinity", ".inf", Double.POSITIVE_INFINITY),
                Arguments.of("true", "true", true),
                Arguments.of("True", "True", true),
                Arguments.of("yes stays a string", "yes", "yes"),
                Arguments.of("on stays a string", "on", "on"),
                Arguments.of("tilde is null", "~", null),
                Arguments.of("empty is null", "", null),
                Arguments.of("timestamp stays a string", "2024-01-02", "2024-01-02"),
                Arguments.of("duration is a string", "30s", "30s"),
                Arguments.of("quoted number is a string", "\"123\"", "123"),
                Arguments.of("single-quoted true is a string", "'true'", "true"),
                Arguments.of("!!str tag", "!!str 0123", "0123"),
                Arguments.of("!!float tag on an int", "!!float 1", 1.0),
                Arguments.of("version-like text", "1.2.3", "1.2.3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void typing(String name, String yaml, Object expected) {
        ConfigLoader.Result r = fx().load("v: " + yaml + "\n", Map.of());

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(((ConfigNode.ScalarNode) r.root().get("v")).value()).isEqualTo(expected);
    }

    @Test
    void scalars_keep_the_text_as_written() {
        ConfigLoader.Result r = fx().load("v: 0x1F\n", Map.of());

        assertThat(((ConfigNode.ScalarNode) r.root().get("v")).text()).isEqualTo("0x1F");
    }

    @Test
    void keys_and_values_carry_one_based_marks() {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("top:\n  key: value\n  list:\n    - item\n", Map.of());
        String file = dir.resolve("config.yaml").toString();

        ConfigNode.MapNode top = (ConfigNode.MapNode) r.root().get("top");
        assertThat(r.root().keyMark("top")).isEqualTo(new Mark(file, 1, 1));
        assertThat(top.keyMark("key")).isEqualTo(new Mark(file, 2, 3));
        assertThat(top.get("key").mark()).isEqualTo(new Mark(file, 2, 8));
        assertThat(LoaderFixture.at(top, "list", 0).mark()).isEqualTo(new Mark(file, 4, 7));
    }

    @Test
    void syntax_error_is_reported_at_the_problem_not_thrown() {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("a: 1\nb:\n  c: 2\n d: 3\n", Map.of());

        assertThat(fx.relativeErrors(r)).singleElement().asString().startsWith("config.yaml:4:2: invalid YAML: expected <block end>");
    }

    @Test
    void unclosed_flow_list_is_reported_with_its_location() {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("a: [1, 2\nb: 3\n", Map.of());

        assertThat(fx.relativeErrors(r)).singleElement().asString().matches("config\\.yaml:2:\\d+: invalid YAML: .+");
    }

    @Test
    void duplicate_key_names_the_key_and_both_lines() {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("a: 1\nb: 2\na: 3\n", Map.of());

        assertThat(fx.relativeErrors(r)).containsExactly("config.yaml:3:1: mapping key \"a\" already defined at line 1");
        assertThat(((ConfigNode.ScalarNode) r.root().get("a")).value()).as("the first stays").isEqualTo(1L);
    }

    @Test
    void every_problem_of_a_file_is_reported_at_once() {
        LoaderFixture fx = fx();
        String yaml = """
                receivers:
                  x: 1
                  x: 2
                exporters:
                  y:
                    endpoint: ${1}
                    endpoint: b
                processors:
                  z: ${https:x}
                """;
        ConfigLoader.Result r = fx.load(yaml, Map.of());

        assertThat(fx.relativeErrors(r)).extracting(e -> Arrays.asList(e.split(": ", 2)))
                .containsExactly(
                        List.of("config.yaml:3:3", "mapping key \"x\" already defined at line 2"),
                        List.of("config.yaml:6:15", "environment variable \"1\" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$"),
                        List.of("config.yaml:7:5", "mapping key \"endpoint\" already defined at line 6"),
                        List.of("config.yaml:9:6", "scheme \"https\" is not supported for uri \"https:x\" (meshlens supports env, file and yaml)"));
    }

    @Test
    void non_string_keys_become_their_text() {
        ConfigLoader.Result r = fx().load("1: a\ntrue: b\n0x10: c\n", Map.of());

        assertThat(r.root().entries().keySet()).containsExactly("1", "true", "0x10");
    }

    @Test
    void merge_keys_copy_an_anchor_and_explicit_keys_win() {
        ConfigLoader.Result r = fx().load("base: &b\n  x: 1\n  y: 2\nuse:\n  y: 3\n  <<: *b\n", Map.of());

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(ConfigNode.toPlain(r.root().get("use"))).isEqualTo(Map.of("x", 1L, "y", 3L));
    }

    @Test
    void double_colon_keys_are_paths_except_inside_lists() {
        ConfigLoader.Result r = fx().load("a::b: 1\na:\n  c: 2\nl:\n  - x::y: 3\n", Map.of());

        assertThat(ConfigNode.toPlain(r.root())).isEqualTo(Map.of(
                "a", Map.of("b", 1L, "c", 2L),
                "l", List.of(Map.of("x::y", 3L))));
    }

    @Test
    void empty_file_is_an_empty_config() {
        ConfigLoader.Result r = fx().load("# nothing here\n", Map.of());

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(r.root().entries()).isEmpty();
    }

    @Test
    void top_level_list_is_an_error() {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("- a\n- b\n", Map.of());

        assertThat(fx.relativeErrors(r)).containsExactly("config.yaml:1:1: config must be a mapping at the top level, not a list");
    }

    @Test
    void only_the_first_document_counts() {
        ConfigLoader.Result r = fx().load("a: 1\n---\nb: [\n", Map.of());

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(r.root().entries().keySet()).containsExactly("a");
    }
}

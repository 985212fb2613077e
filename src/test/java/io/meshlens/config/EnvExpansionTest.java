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

/**
 * {@code ${...}} expansion and {@code $} escaping, case by case as the Collector 0.118 resolves
 * them (confmap expand.go, expand_test.go, internal/e2e), with {@code env} as the default scheme.
 */
class EnvExpansionTest {
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("HOST", "localhost"),
            Map.entry("PORT", "3044"),
            Map.entry("EMPTY", ""),
            Map.entry("NUM", "8080"),
            Map.entry("OCT", "0123"),
            Map.entry("QUOTED", "\"0123\""),
            Map.entry("LIST", "[a, b]"),
            Map.entry("MAP", "{k: v}"),
            Map.entry("NESTED", "${HOST}"),
            Map.entry("NAME", "HOST"),
            Map.entry("LOOP", "${env:LOOP}"),
            Map.entry("DOLLARS", "a$$b"),
            Map.entry("ESCAPED_LIST", "['$$x', '$${y}', '$${env:z}']"),
            Map.entry("BOOL_COMMENT", "true # see ${env:bad.name}"));

    @TempDir
    Path dir;

    private LoaderFixture fx() {
        return new LoaderFixture(dir);
    }

    /** name, the YAML written after "v: ", expected typed value, expected text. */
    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.of("bare $1 (relabel capture group) is left alone", "$1:4191", "$1:4191", "$1:4191"),
                Arguments.of("$$ becomes $", "$$1:$$2", "$1:$2", "$1:$2"),
                Arguments.of("$${1} is an escaped reference", "$${1}", "${1}", "${1}"),
                Arguments.of("$$$$ becomes $$", "$$$$", "$$", "$$"),
                Arguments.of("bare $VAR is not expanded", "$HOST", "$HOST", "$HOST"),
                Arguments.of("env scheme", "${env:HOST}", "localhost", "localhost"),
                Arguments.of("no scheme means env", "${HOST}", "localhost", "localhost"),
                Arguments.of("embedded references are spliced", "http://${env:HOST}:${PORT}/x",
                        "http://localhost:3044/x", "http://localhost:3044/x"),
                Arguments.of("default when unset", "${env:UNSET:-fallback}", "fallback", "fallback"),
                Arguments.of("default is everything after the first :-", "${env:UNSET:-http://a:1}", "http://a:1", "http://a:1"),
                Arguments.of("set but empty ignores the default", "${env:EMPTY:-fallback}", null, ""),
                Arguments.of("unset without default is empty", "${env:UNSET}", null, ""),
                Arguments.of("whole value is YAML-typed", "${env:NUM}", 8080L, "8080"),
                Arguments.of("quoting in the file does not stop expansion", "\"${env:NUM}\"", 8080L, "8080"),
                Arguments.of("go-yaml reads 0123 as octal", "${env:OCT}", 83L, "0123"),
                Arguments.of("a YAML string value is kept verbatim, quotes included", "${env:QUOTED}", "\"0123\"", "\"0123\""),
                Arguments.of("embedded value splices its text", "port-${env:NUM}", "port-8080", "port-8080"),
                Arguments.of("embedded value splices verbatim text", "n-${env:OCT}", "n-0123", "n-0123"),
                Arguments.of("a value holding a reference is expanded again", "${env:NESTED}", "localhost", "localhost"),
                Arguments.of("nested reference expands the inner one first", "${env:${NAME}}", "localhost", "localhost"),
                Arguments.of("escaped reference stays literal", "$${env:HOST}", "${env:HOST}", "${env:HOST}"),
                Arguments.of("odd $ count: escaped $ then expansion", "$$${env:HOST}", "$localhost", "$localhost"),
                Arguments.of("an escaped first reference leaves the whole value alone", "$${ONE}-${env:HOST}",
                        "${ONE}-${env:HOST}", "${ONE}-${env:HOST}"),
                Arguments.of("every occurrence of the expanded reference is replaced", "${env:HOST}-$${env:HOST}",
                        "localhost-$localhost", "localhost-$localhost"),
                Arguments.of("$$ in an env value is unescaped too", "${env:DOLLARS}", "a$b", "a$b"),
                Arguments.of("unclosed reference is left alone", "${HOST", "${HOST", "${HOST"),
                Arguments.of("typed value whose text holds a bad reference keeps the value", "${env:BOOL_COMMENT}", true, "true"),
                Arguments.of("yaml scheme is inline YAML", "${yaml:42}", 42L, "42"),
                Arguments.of("a reference ends at the first }, even inside inline YAML", "'${yaml:{a: 1}}'", "{a: 1}", "{a: 1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void scalars(String name, String yaml, Object value, String text) {
        ConfigLoader.Result r = fx().load("v: " + yaml + "\n", ENV);

        assertThat(LoaderFixture.errors(r)).isEmpty();
        ConfigNode.ScalarNode v = (ConfigNode.ScalarNode) r.root().get("v");
        assertThat(v.value()).isEqualTo(value);
        assertThat(v.text()).isEqualTo(text);
        assertThat(v.mark().line()).isEqualTo(1);
        assertThat(v.mark().column()).isEqualTo(4);
    }

    /** name, the YAML written after "v: ", the error message (reported at config.yaml:1:4). */
    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("${1} is an invalid env var name", "${1}",
                        "environment variable \"1\" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$"),
                Arguments.of("embedded ${1} too", "x-${1}",
                        "environment variable \"1\" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$"),
                Arguments.of("dots are not allowed in names", "${env:hello.world}",
                        "environment variable \"hello.world\" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$"),
                Arguments.of("$ inside a reference", "${env:$X}", "the uri \"env:$X\" contains unsupported characters ('$')"),
                Arguments.of("unsupported scheme", "${https:example.com/c.yaml}",
                        "scheme \"https\" is not supported for uri \"https:example.com/c.yaml\" (meshlens supports env, file and yaml)"),
                Arguments.of("shell-style ${VAR:-x} reads VAR as a scheme", "${FOO:-bar}",
                        "scheme \"FOO\" is not supported for uri \"FOO:-bar\" (meshlens supports env, file and yaml)"),
                Arguments.of("one-letter scheme is not a uri", "${a:b}", "invalid uri: \"a:b\""),
                Arguments.of("self reference", "${env:LOOP}", "too many recursive expansions"),
                Arguments.of("missing file", "${file:/nonexistent/x.yaml}",
                        "unable to read the file file:/nonexistent/x.yaml: no such file or directory"),
                Arguments.of("embedded bad reference in an expanded value", "${env:BOOL_COMMENT}-x",
                        "environment variable \"bad.name\" has invalid name: must match regex ^[a-zA-Z_][a-zA-Z0-9_]*$"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void errors(String name, String yaml, String message) {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("v: " + yaml + "\n", ENV);

        assertThat(fx.relativeErrors(r)).containsExactly("config.yaml:1:4: " + message);
        ConfigNode.ScalarNode v = (ConfigNode.ScalarNode) r.root().get("v");
        assertThat(v.text()).as("a failed value stays as written").isEqualTo(yaml);
    }

    @Test
    void whole_reference_to_a_list_or_mapping_yields_that_structure_marked_at_the_reference() {
        ConfigLoader.Result r = fx().load("l: ${env:LIST}\nm: ${env:MAP}\ne: ${env:ESCAPED_LIST}\ny: ${yaml:[1, x]}\n", ENV);

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(ConfigNode.toPlain(r.root())).isEqualTo(Map.of(
                "l", List.of("a", "b"),
                "m", Map.of("k", "v"),
                "e", List.of("$x", "${y}", "${env:z}"),
                "y", List.of(1L, "x")));
        ConfigNode.ListNode l = (ConfigNode.ListNode) r.root().get("l");
        assertThat(l.items().get(1).mark()).isEqualTo(new Mark(dir.resolve("config.yaml").toString(), 1, 4));
    }

    @Test
    void file_scheme_reads_yaml_and_keeps_that_files_marks() {
        LoaderFixture fx = fx();
        Path inc = fx.write("inc.yaml", "a: 1\nb:\n  - ${env:HOST}\n");

        ConfigLoader.Result r = fx.load("v: ${file:" + inc + "}\n", ENV);

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(ConfigNode.toPlain(r.root().get("v"))).isEqualTo(Map.of("a", 1L, "b", List.of("localhost")));
        ConfigNode.MapNode v = (ConfigNode.MapNode) r.root().get("v");
        assertThat(v.keyMark("b")).isEqualTo(new Mark(inc.toString(), 2, 1));
    }

    @Test
    void references_in_lists_and_nested_mappings_are_expanded() {
        ConfigLoader.Result r = fx().load("a:\n  b: [\"${HOST}\", x$$y]\n  c:\n    d: ${env:PORT}\n", ENV);

        assertThat(ConfigNode.toPlain(r.root()))
                .isEqualTo(Map.of("a", Map.of("b", List.of("localhost", "x$y"), "c", Map.of("d", 3044L))));
    }

    @Test
    void mapping_keys_are_neither_expanded_nor_unescaped() {
        ConfigLoader.Result r = fx().load("\"${env:HOST}\": 1\n$$k: 2\n", ENV);

        assertThat(r.root().entries().keySet()).containsExactly("${env:HOST}", "$$k");
    }

    @Test
    void unset_variable_without_default_is_a_warning_at_the_value() {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("a: 1\nv: x${env:UNSET}y\n", ENV);

        assertThat(r.errors().hasErrors()).isFalse();
        assertThat(r.errors().warnings()).extracting(e -> fx.relative(e.toString()))
                .containsExactly("config.yaml:2:4: warning: configuration references unset environment variable \"UNSET\"");
        assertThat(((ConfigNode.ScalarNode) r.root().get("v")).value()).isEqualTo("xy");
    }

    @Test
    void the_env_map_passed_in_is_the_environment() {
        ConfigLoader.Result r = fx().load("v: ${env:PATH:-none}\n", Map.of());

        assertThat(LoaderFixture.errors(r)).isEmpty();
        assertThat(((ConfigNode.ScalarNode) r.root().get("v")).value())
                .as("PATH is looked up in the given map only, where it is unset")
                .isEqualTo("none");
    }

    @Test
    void seed_relabel_config_loads_unchanged() {
        String yaml = """
                receivers:
                  prometheus/mesh:
                    config:
                      scrape_configs:
                        - job_name: linkerd-mesh
                          relabel_configs:
                            - source_labels: [__meta_kubernetes_pod_ip]
                              regex: (.+)
                              replacement: $1:4191
                            - replacement: $$1:$$2
                """;
        ConfigLoader.Result r = fx().load(yaml, Map.of());

        assertThat(LoaderFixture.errors(r)).isEmpty();
        ConfigNode relabel = LoaderFixture.at(r.root(), "receivers", "prometheus/mesh", "config", "scrape_configs", 0,
                "relabel_configs");
        assertThat(List.of(LoaderFixture.at(relabel, 0, "replacement"), LoaderFixture.at(relabel, 1, "replacement")))
                .extracting(n -> ((ConfigNode.ScalarNode) n).value())
                .containsExactly("$1:4191", "$1:$2");
    }

    @Test
    void every_bad_reference_of_a_file_is_reported() {
        LoaderFixture fx = fx();
        ConfigLoader.Result r = fx.load("a: ${1}\nb:\n  - ok\n  - ${2}\nc: ${https:x}\n", ENV);

        assertThat(fx.relativeErrors(r)).extracting(e -> Arrays.asList(e.split(": ")).getFirst())
                .containsExactly("config.yaml:1:4", "config.yaml:4:5", "config.yaml:5:4");
    }
}

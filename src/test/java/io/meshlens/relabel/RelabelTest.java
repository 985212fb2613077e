package io.meshlens.relabel;

import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** One case per action and edge: rules (YAML), input labels, expected output (null = dropped). */
class RelabelTest {
    private static final Labels POD = Labels.of(
            "__address__", "10.42.0.7:4143",
            "__meta_kubernetes_pod_ip", "10.42.0.7",
            "__meta_kubernetes_namespace", "shop",
            "__meta_kubernetes_pod_name", "cart-7d9f-abc",
            "__meta_kubernetes_pod_container_name", "linkerd-proxy",
            "__meta_kubernetes_pod_container_port_number", "4143",
            "__meta_kubernetes_pod_label_app", "cart",
            "__meta_kubernetes_pod_annotation_owner", "Café-İß",
            "job", "mesh");

    static Stream<Arguments> cases() {
        return Stream.of(
            arguments("seed rules keep linkerd-proxy and point address at 4191", """
                - {source_labels: [__meta_kubernetes_pod_container_name], action: keep, regex: linkerd-proxy}
                - {source_labels: [__meta_kubernetes_pod_ip], action: replace, target_label: __address__, regex: (.+), replacement: '$1:4191'}
                """, POD, with(POD, "__address__", "10.42.0.7:4191")),
            arguments("keep with anchored regex does not match substring", """
                - {source_labels: [__meta_kubernetes_pod_container_name], action: keep, regex: linkerd}
                """, POD, null),
            arguments("keep with literal prefix and dot star", """
                - {source_labels: [__meta_kubernetes_pod_container_name], action: keep, regex: 'linkerd-.*'}
                """, POD, POD),
            arguments("drop on match", """
                - {source_labels: [__meta_kubernetes_namespace], action: drop, regex: shop|kube-system}
                """, POD, null),
            arguments("dot does not match newline", """
                - {source_labels: [v], action: keep, regex: '(.*)'}
                """, Labels.of("v", "a\nb"), null),
            arguments("action names are case-insensitive", """
                - {source_labels: [job], action: DROP, regex: mesh}
                """, POD, null),
            arguments("dollar 1x names group 1x and expands empty", """
                - {source_labels: [job], target_label: out, replacement: 'a$1x'}
                """, Labels.of("job", "mesh"), Labels.of("job", "mesh", "out", "a")),
            arguments("braced group then text", """
                - {source_labels: [job], target_label: out, replacement: '${1}x'}
                """, Labels.of("job", "mesh"), Labels.of("job", "mesh", "out", "meshx")),
            arguments("double dollar and malformed references are literal", """
                - {source_labels: [job], target_label: out, replacement: '$$1 $ ${ ${1 $-'}
                """, Labels.of("job", "mesh"), Labels.of("job", "mesh", "out", "$1 $ ${ ${1 $-")),
            arguments("named groups in replacement and target label", """
                - {source_labels: [ns, pod], regex: '(?P<ns>[^;]+);(?P<pod>.+)', target_label: '${ns}_pod', replacement: '$pod.$ns'}
                """, Labels.of("ns", "shop", "pod", "cart"), Labels.of("ns", "shop", "pod", "cart", "shop_pod", "cart.shop")),
            arguments("empty replacement deletes the target label", """
                - {target_label: job, replacement: ''}
                """, Labels.of("job", "mesh", "a", "b"), Labels.of("a", "b")),
            arguments("invalid expanded target label is skipped", """
                - {source_labels: [c], target_label: '${1}'}
                """, Labels.of("c", "linkerd-proxy"), Labels.of("c", "linkerd-proxy")),
            arguments("replace without match changes nothing", """
                - {source_labels: [c], regex: 'x(.*)', target_label: d}
                """, Labels.of("c", "abc"), Labels.of("c", "abc")),
            arguments("missing source labels are empty strings", """
                - {source_labels: [absent, c, absent2], regex: ';(.+);', target_label: d}
                """, Labels.of("c", "v"), Labels.of("c", "v", "d", "v")),
            arguments("multiple sources joined by a custom separator", """
                - {source_labels: [a, b], separator: '/', target_label: d}
                """, Labels.of("a", "x", "b", "y"), Labels.of("a", "x", "b", "y", "d", "x/y")),
            arguments("null regex matches only the empty string", """
                - {source_labels: [absent], action: keep, regex: }
                """, Labels.of("a", "x"), Labels.of("a", "x")),
            // md5("") ends in e9800998ecf8427e; Prometheus 2.42 printed this value in the conformance run.
            arguments("hashmod uses the last 8 bytes of md5 as Prometheus's sum64", """
                - {source_labels: [absent], action: hashmod, modulus: 18446744073709551557, target_label: b}
                """, Labels.empty(), Labels.of("b", "16825458760271544958")),
            arguments("labelmap copies matching names", """
                - {action: labelmap, regex: '__meta_kubernetes_pod_label_(.+)'}
                """, Labels.of("__meta_kubernetes_pod_label_app", "cart", "app", "old"),
                Labels.of("__meta_kubernetes_pod_label_app", "cart", "app", "cart")),
            arguments("labelmap does not check the produced name", """
                - {action: labelmap, regex: 'l_(.+)'}
                """, Labels.of("l_1x", "v"), Labels.of("l_1x", "v", "1x", "v")),
            arguments("labeldrop removes matching names", """
                - {action: labeldrop, regex: '__meta_.*'}
                """, POD, Labels.of("__address__", "10.42.0.7:4143", "job", "mesh")),
            arguments("labelkeep removes the others", """
                - {action: labelkeep, regex: 'job|__address__'}
                """, POD, Labels.of("__address__", "10.42.0.7:4143", "job", "mesh")),
            arguments("lowercase maps per code point like Go", """
                - {source_labels: [__meta_kubernetes_pod_annotation_owner], action: lowercase, target_label: o}
                """, Labels.of("__meta_kubernetes_pod_annotation_owner", "Café-İß"),
                Labels.of("__meta_kubernetes_pod_annotation_owner", "Café-İß", "o", "café-iß")),
            arguments("uppercase leaves sharp s", """
                - {source_labels: [v], action: uppercase, target_label: o}
                """, Labels.of("v", "straße"), Labels.of("v", "straße", "o", "STRAßE")),
            arguments("keepequal keeps when source equals target", """
                - {source_labels: [a], action: keepequal, target_label: b}
                """, Labels.of("a", "1", "b", "1"), Labels.of("a", "1", "b", "1")),
            arguments("keepequal drops when they differ", """
                - {source_labels: [a], action: keepequal, target_label: b}
                """, Labels.of("a", "1", "b", "2"), null),
            arguments("dropequal drops when equal", """
                - {source_labels: [a], action: dropequal, target_label: b}
                """, Labels.of("a", "1", "b", "1"), null),
            arguments("unicode class and case-insensitive alternation", """
                - {source_labels: [v], action: keep, regex: '(?i)\\p{Lu}afé|x'}
                """, Labels.of("v", "CAFÉ"), Labels.of("v", "CAFÉ")),
            arguments("later rule sees earlier rule's result", """
                - {target_label: s, replacement: one}
                - {source_labels: [s], regex: one, target_label: s, replacement: two}
                """, Labels.empty(), Labels.of("s", "two")),
            arguments("metric relabel keep on name is anchored", """
                - {source_labels: [__name__], action: keep, regex: 'response_total|response_latency_ms.*|tcp_.*'}
                """, Labels.of("__name__", "control_response_latency_ms_bucket"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void relabels(String behaviour, String rulesYaml, Labels in, Labels expected) throws IOException {
        assertThat(Relabel.process(in, parse(rulesYaml))).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
            arguments("{action: frob}", "unknown relabel action \"frob\""),
            arguments("{regex: '(abc'}", "invalid regex \"(abc\""),
            arguments("{regex: '(?<n>x)'}", "invalid or unsupported Perl syntax"),
            arguments("{action: replace}", "relabel configuration for replace action requires 'target_label' value"),
            arguments("{action: hashmod, target_label: x}", "relabel configuration for hashmod requires non-zero modulus"),
            arguments("{action: hashmod, modulus: 2, target_label: '$1'}", "\"$1\" is invalid 'target_label' for hashmod action"),
            arguments("{action: lowercase}", "relabel configuration for lowercase action requires 'target_label' value"),
            arguments("{action: uppercase, target_label: x, replacement: y}", "'replacement' can not be set for uppercase action"),
            arguments("{target_label: 'a-b'}", "\"a-b\" is invalid 'target_label' for replace action"),
            arguments("{action: labelmap, replacement: 'a-$1'}", "\"a-$1\" is invalid 'replacement' for labelmap action"),
            arguments("{action: labeldrop, regex: x, source_labels: []}", "labeldrop action requires only 'regex', and no other fields"),
            arguments("{action: labelkeep, separator: ','}", "labelkeep action requires only 'regex', and no other fields"),
            arguments("{action: keepequal, target_label: x, regex: '(.*)'}", "keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
            arguments("{action: dropequal}", "relabel configuration for dropequal action requires 'target_label' value"),
            arguments("{source_labels: ['a.b'], target_label: x}", "\"a.b\" is not a valid label name"),
            arguments("{target_label: x, colour: red}", "unknown key"));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("invalid")
    void rejectsInvalidRulesWithFileAndLine(String rule, String message) throws IOException {
        ConfigErrors errors = new ConfigErrors();
        List<RelabelConfig> rules = RelabelConfig.parseList(reader("relabel_configs:\n  - " + rule + "\n", errors), "relabel_configs");
        assertThat(rules).isEmpty();
        assertThat(errors.errors()).hasSize(1);
        assertThat(errors.errors().get(0).toString()).contains(message).matches("(?s).*rules\\.yaml:2:\\d+: .*");
    }

    private static List<RelabelConfig> parse(String rulesYaml) throws IOException {
        ConfigErrors errors = new ConfigErrors();
        List<RelabelConfig> rules = RelabelConfig.parseList(
                reader("relabel_configs:\n" + rulesYaml.indent(2), errors), "relabel_configs");
        assertThat(errors.errors()).isEmpty();
        return rules;
    }

    /**
     * Loads rules written in Prometheus's own syntax the way a Collector user must write them
     * under the receiver's {@code config:}: every {@code $} doubled, which the Collector's env
     * expansion turns back into one.
     */
    private static ConfigReader reader(String yaml, ConfigErrors errors) throws IOException {
        Path dir = Files.createTempDirectory("relabel");
        Path f = dir.resolve("rules.yaml");
        Files.writeString(f, yaml.replace("$", "$$"));
        ConfigLoader.Result r = ConfigLoader.load(List.of(f), List.of(), Map.of());
        errors.addAll(r.errors());
        Files.delete(f);
        Files.delete(dir);
        return new ConfigReader(r.root(), "receivers::prometheus", errors);
    }

    private static Labels with(Labels l, String name, String value) {
        return l.toBuilder().set(name, value).labels();
    }
}

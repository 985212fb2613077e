package io.meshlens.lint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Each rule on a config that triggers it and one that does not: the findings as
 * {@code rule severity line:col}, plus words the finding must say (the extra metric names, ...).
 */
class LintRulesTest {
    private static final LintOptions V118 = LintOptions.DEFAULT;
    private static final LintOptions V104 = new LintOptions(CollectorVersion.parse("0.104"), null);
    private static final LintOptions DAEMONSET = new LintOptions(CollectorVersion.MESHLENS, Deploy.DAEMONSET);

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("clean config has no findings, even as a DaemonSet", "base-ok.yaml", DAEMONSET, List.of(), List.of()),
                arguments("unanchored IsMatch in a keep-list leaks control_ and route_ latency",
                        "ismatch-unanchored.yaml", V118, List.of("unanchored-ismatch warning 11:58"),
                        List.of("also keeps control_response_latency_ms (control_response_latency_ms_bucket, _count, _sum)",
                                "route_response_latency_ms", "\"^response_latency_ms.*$\"")),
                arguments("unanchored IsMatch in a drop condition drops more",
                        "ismatch-drop.yaml", V118, List.of("unanchored-ismatch warning 11:26"),
                        List.of("also drops control_request_total, route_request_total")),
                arguments("IsMatch anchored at the start, or .* prefixed, is fine",
                        "ismatch-anchored.yaml", V118, List.of(), List.of()),
                arguments("relabel keep tcp_.* admits tcp_open_total and tcp_close_total; synthetic series survive",
                        "relabel-keep-broad.yaml", V118,
                        List.of("synthetic-series-survive warning 9:15", "broad-keep-regex warning 11:22"),
                        List.of("tcp_open_total, tcp_close_total", "up, scrape_duration_seconds, scrape_samples_scraped, "
                                + "scrape_samples_post_metric_relabeling, scrape_series_added")),
                arguments("exact keep list plus a filter dropping up and scrape_* is fine",
                        "relabel-keep-exact.yaml", V118, List.of(), List.of()),
                arguments("keep regex compared with what the OTTL filter keeps",
                        "relabel-keep-vs-ottl.yaml", V118, List.of("broad-keep-regex warning 11:22"),
                        List.of("beyond the names the OTTL filters keep (response_total): request_total.")),
                arguments("filter dropping only up leaves the scrape_* series",
                        "synthetic-partly-dropped.yaml", V118, List.of("synthetic-series-survive warning 9:15"),
                        List.of("so scrape_duration_seconds, scrape_samples_scraped")),
                arguments("${1} fails on 0.118; $1 and $$1 pass", "env-dollars.yaml", V118,
                        List.of("env-expansion error 16:28"), List.of("\"${1}\"", "invalid name")),
                arguments("$1:4191 and ${1} fail on 0.104; $$1:$$2 passes there", "env-dollars.yaml", V104,
                        List.of("env-expansion error 10:28", "env-expansion error 16:28"),
                        List.of("confmap.unifyEnvVarExpansion")),
                arguments("bare $NODE_NAME stays literal on 0.118", "env-bare-var.yaml", V118,
                        List.of("env-expansion warning 10:40"), List.of("${env:NODE_NAME}")),
                arguments("k8sattributes without pod_association on scraped data", "k8s-no-association.yaml", V118,
                        List.of("k8sattributes-no-association warning 8:3"), List.of("k8s.pod.uid")),
                arguments("association by server.address or connection never matches", "k8s-server-address.yaml", V118,
                        List.of("k8sattributes-no-association warning 10:7"),
                        List.of("server.address is set, but pods are never indexed by it", "from: connection")),
                arguments("k8sattributes also fed by OTLP is not judged", "k8s-otlp-fed.yaml", V118, List.of(), List.of()),
                arguments("pod SD without node selector in a DaemonSet", "daemonset-no-selector.yaml", DAEMONSET,
                        List.of("duplicate-scrape-multinode warning 7:21"), List.of("spec.nodeName=${env:NODE_NAME}", "hashmod")),
                arguments("pod SD without node selector is fine as a Deployment", "daemonset-no-selector.yaml", V118,
                        List.of(), List.of()),
                arguments("batch before filter, memory_limiter not first, filter after k8sattributes", "order-bad.yaml", V118,
                        List.of("processor-order warning 25:20", "processor-order warning 25:27",
                                "processor-order warning 25:58"), List.of()),
                arguments("meshview mesh and app datasources identical", "meshview-same.yaml", V118,
                        List.of("datasource-mixup error 12:12"), List.of("http://VM:8428")),
                arguments("meshview datasources distinct", "meshview-distinct.yaml", V118, List.of(), List.of()),
                arguments("validator findings: unused, undefined, unreachable", "components-unused-undefined.yaml", V118,
                        List.of("unused warning 7:3", "undefined error 14:20", "unreachable error 16:5"),
                        List.of("batch/spare", "batch/missing")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findings(String name, String file, LintOptions options, List<String> expected, List<String> says) {
        LintResult r = Linter.lint(List.of(Path.of("src/test/resources/lint", file)), options,
                LintComponents.create(), Map.of("NODE_NAME", "node-1"));
        assertThat(r.findings())
                .extracting(f -> f.rule() + " " + f.severity().label() + " " + f.mark().line() + ":" + f.mark().column())
                .as(r.toText())
                .containsExactlyElementsOf(expected);
        String text = r.toText();
        for (String s : says) {
            assertThat(text).contains(s);
        }
    }
}

package io.meshlens.service;

import io.meshlens.component.Components;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every validation message of the service config, with its exact position and wording. */
class ServiceConfigValidationTest {
    @TempDir
    Path dir;

    /** A valid base the cases extend: one metrics pipeline testrcv → sink. */
    private static final String PIPELINE = """
            service:
              pipelines:
                metrics:
                  receivers: [testrcv]
                  exporters: [sink]
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("unknown top-level key", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        exporter: {}
                        """ + PIPELINE, List.of(
                        "t.yaml:3:1: unknown top-level key \"exporter\" (valid keys: receivers, processors, exporters, "
                                + "extensions, connectors, service)")),
                arguments("connectors are rejected", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        connectors:
                          forward: {}
                        """ + PIPELINE, List.of(
                        "t.yaml:3:1: connectors are not supported yet: remove the connectors section and wire "
                                + "receivers to pipelines directly")),
                arguments("invalid component ID", """
                        receivers: {testrcv: {}, "testrcv/": {}}
                        exporters: {sink: {}}
                        """ + PIPELINE, List.of(
                        "t.yaml:1:26: receivers: invalid component ID \"testrcv/\": the part after / must not be "
                                + "empty in \"testrcv/\"")),
                arguments("unknown type lists the known types of that kind", """
                        receivers: {testrcv: {}}
                        exporters:
                          sink: {}
                          prometheusremotewrite/vm: {}
                        """ + PIPELINE, List.of(
                        "t.yaml:4:3: exporters::prometheusremotewrite/vm: unknown exporter type \"prometheusremotewrite\""
                                + " (known types: debug, sink)")),
                arguments("component config errors come from its factory with the component ID", """
                        receivers: {testrcv: {}}
                        exporters:
                          sink: {}
                          debug:
                            verbosity: loud
                            verbosty: basic
                        """ + PIPELINE, List.of(
                        "t.yaml:4:3: warning: exporters::debug: defined but not used in any pipeline",
                        "t.yaml:5:16: exporters::debug: verbosity: \"loud\" is not one of basic, normal, detailed",
                        "t.yaml:6:5: exporters::debug: unknown key \"verbosty\" (valid keys: verbosity, "
                                + "sampling_initial, sampling_thereafter, use_internal_logger)")),
                arguments("pipeline references undefined components", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        service:
                          pipelines:
                            metrics/mesh:
                              receivers: [testrcv, prometheus/mesh]
                              processors: [filter/mesh]
                              exporters: [sink, prometheusremotewrite]
                        """, List.of(
                        "t.yaml:6:28: service::pipelines::metrics/mesh: references receiver \"prometheus/mesh\" which "
                                + "is not configured under receivers",
                        "t.yaml:7:20: service::pipelines::metrics/mesh: references processor \"filter/mesh\" which is "
                                + "not configured under processors",
                        "t.yaml:8:25: service::pipelines::metrics/mesh: references exporter \"prometheusremotewrite\" "
                                + "which is not configured under exporters")),
                arguments("processor and exporter defined but unused are warnings", """
                        receivers: {testrcv: {}}
                        processors: {tag/unused: {}}
                        exporters: {sink: {}, sink/unused: {}}
                        """ + PIPELINE, List.of(
                        "t.yaml:2:14: warning: processors::tag/unused: defined but not used in any pipeline",
                        "t.yaml:3:23: warning: exporters::sink/unused: defined but not used in any pipeline")),
                arguments("receiver in no pipeline", """
                        receivers: {testrcv: {}, testrcv/idle: {}}
                        exporters: {sink: {}}
                        """ + PIPELINE, List.of(
                        "t.yaml:1:26: warning: receivers::testrcv/idle: is in no pipeline, so it receives nothing and "
                                + "will not be started")),
                arguments("pipeline without receivers", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        service:
                          pipelines:
                            metrics: {receivers: [testrcv], exporters: [sink]}
                            metrics/empty:
                              exporters: [sink]
                        """, List.of(
                        "t.yaml:6:5: service::pipelines::metrics/empty: must have at least one receiver")),
                arguments("pipeline without exporters", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        service:
                          pipelines:
                            metrics: {receivers: [testrcv], exporters: [sink]}
                            metrics/nowhere:
                              receivers: [testrcv]
                              exporters: []
                        """, List.of(
                        "t.yaml:6:5: service::pipelines::metrics/nowhere: must have at least one exporter")),
                arguments("component in a pipeline of a signal its factory does not support", """
                        receivers: {testrcv: {}}
                        processors: {tag: {}}
                        exporters: {sink: {}}
                        service:
                          pipelines:
                            metrics: {receivers: [testrcv], exporters: [sink]}
                            traces:
                              receivers: [testrcv]
                              processors: [tag]
                              exporters: [sink]
                        """, List.of(
                        "t.yaml:9:20: service::pipelines::traces: processor \"tag\" does not support traces "
                                + "(it supports: metrics)")),
                arguments("processor listed twice in one pipeline", """
                        receivers: {testrcv: {}}
                        processors: {tag: {}}
                        exporters: {sink: {}}
                        service:
                          pipelines:
                            metrics:
                              receivers: [testrcv]
                              processors: [tag, tag]
                              exporters: [sink]
                        """, List.of(
                        "t.yaml:8:25: service::pipelines::metrics: references processor \"tag\" more than once; a "
                                + "component may appear only once in a pipeline's processors")),
                arguments("service.extensions names an undefined extension", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        extensions: {rec: {}}
                        service:
                          extensions: [rec, health_check]
                          pipelines:
                            metrics: {receivers: [testrcv], exporters: [sink]}
                        """, List.of(
                        "t.yaml:5:21: service::extensions: references extension \"health_check\" which is not "
                                + "configured under extensions")),
                arguments("extension defined but not enabled", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        extensions: {rec: {}}
                        """ + PIPELINE, List.of(
                        "t.yaml:3:14: warning: extensions::rec: defined but not enabled in service.extensions; it "
                                + "will not be started")),
                arguments("logs pipelines are rejected", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        service:
                          pipelines:
                            metrics: {receivers: [testrcv], exporters: [sink]}
                            logs: {receivers: [testrcv], exporters: [sink]}
                        """, List.of(
                        "t.yaml:6:5: service::pipelines::logs: logs pipelines are not supported yet (supported: "
                                + "metrics, traces)")),
                arguments("no pipelines", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        service:
                          extensions: []
                        """, List.of(
                        "t.yaml:1:13: warning: receivers::testrcv: is in no pipeline, so it receives nothing and will "
                                + "not be started",
                        "t.yaml:2:13: warning: exporters::sink: defined but not used in any pipeline",
                        "t.yaml:3:1: service: no pipelines: service.pipelines must define at least one pipeline")),
                arguments("service telemetry settings are checked", """
                        receivers: {testrcv: {}}
                        exporters: {sink: {}}
                        service:
                          telemetry:
                            metrics: {level: loud, address: "8888"}
                            logs: {level: verbose}
                          pipelines:
                            metrics: {receivers: [testrcv], exporters: [sink]}
                        """, List.of(
                        "t.yaml:5:22: service: telemetry.metrics.level: \"loud\" is not one of none, basic, normal, "
                                + "detailed",
                        "t.yaml:5:37: service: telemetry.metrics.address: invalid endpoint \"8888\": expected host:port",
                        "t.yaml:6:19: service: telemetry.logs.level: \"verbose\" is not one of debug, info, warn, error")),
                arguments("every problem of a file is reported at once", """
                        receivers: {testrcv: {}, bogus: {}}
                        processors: {tag: {}}
                        exporters: {sink: {}}
                        service:
                          extensions: [zpages]
                          pipelines:
                            metrics:
                              receivers: [testrcv, missing]
                              processors: [tag, tag]
                            traces/x:
                              exporters: [sink]
                          unknown: 1
                        """, List.of(
                        "t.yaml:1:26: receivers::bogus: unknown receiver type \"bogus\" (known types: testrcv)",
                        "t.yaml:5:16: service::extensions: references extension \"zpages\" which is not configured "
                                + "under extensions",
                        "t.yaml:7:5: service::pipelines::metrics: must have at least one exporter",
                        "t.yaml:8:28: service::pipelines::metrics: references receiver \"missing\" which is not "
                                + "configured under receivers",
                        "t.yaml:9:25: service::pipelines::metrics: references processor \"tag\" more than once; a "
                                + "component may appear only once in a pipeline's processors",
                        "t.yaml:10:5: service::pipelines::traces/x: must have at least one receiver",
                        "t.yaml:12:3: service: unknown key \"unknown\" (valid keys: pipelines, extensions, telemetry)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryProblemWithPositionAndComponent(String name, String yaml, List<String> expected) {
        Components components = TestComponents.create(TestComponents.events());
        TestConfigs.Parsed p = TestConfigs.parse(dir, yaml, components);
        assertThat(p.messages()).containsExactlyElementsOf(expected);
    }
}

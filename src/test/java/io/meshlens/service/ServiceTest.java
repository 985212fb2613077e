package io.meshlens.service;

import io.meshlens.component.ComponentId;
import io.meshlens.component.Components;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.SpanBatch;
import io.meshlens.service.TestComponents.Sink;
import io.meshlens.service.TestComponents.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pipeline wiring (fan-out, fan-in, chain order) and the lifecycle order of a running service. */
class ServiceTest {
    @TempDir
    Path dir;

    private final List<String> events = TestComponents.events();
    private final Components components = TestComponents.create(events);

    private Service service(String yaml) {
        return new Service(TestConfigs.valid(dir, yaml + """
                  telemetry:
                    metrics: {level: none}
                """, components));
    }

    static MetricBatch batch() {
        MetricBatch b = new MetricBatch();
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.of("k", "v"), 0, 1_000, 1.5, 0);
        b.addResource(Attributes.of("service.name", "shop")).addScope(Scope.EMPTY).metrics()
                .add(Metric.gauge("g", "", "", p));
        return b;
    }

    private static ComponentId id(String s) {
        return ComponentId.parse(s);
    }

    @Test
    void receiverInTwoPipelinesFansOutACopyToEachAndTheOriginalToTheLast() throws Exception {
        Service s = service("""
                receivers: {testrcv: {}}
                processors: {tag/a: {}, tag/b: {}}
                exporters: {sink/a: {}, sink/b: {}}
                service:
                  pipelines:
                    metrics/a: {receivers: [testrcv], processors: [tag/a], exporters: [sink/a]}
                    metrics/b: {receivers: [testrcv], processors: [tag/b], exporters: [sink/b]}
                """);
        s.start();
        MetricBatch original = batch();
        ((TestReceiver) s.receiver(id("testrcv"))).push(original);
        s.shutdown(Duration.ofSeconds(5));

        Sink a = (Sink) s.exporter(id("sink/a"));
        Sink b = (Sink) s.exporter(id("sink/b"));
        assertThat(a.metrics).hasSize(1);
        assertThat(b.metrics).hasSize(1);
        assertThat(a.metrics.getFirst()).isNotSameAs(b.metrics.getFirst());
        assertThat(a.metrics.getFirst().resources().getFirst().resource().getString("path")).isEqualTo("tag/a");
        assertThat(b.metrics.getFirst().resources().getFirst().resource().getString("path")).isEqualTo("tag/b");
        assertThat(b.metrics.getFirst()).isSameAs(original);
        assertThat(a.metrics.getFirst().pointCount()).isEqualTo(1);
    }

    @Test
    void exporterNamedByTwoPipelinesIsOneInstanceReceivingFromBoth() throws Exception {
        Service s = service("""
                receivers: {testrcv/1: {}, testrcv/2: {}}
                exporters: {sink: {}}
                service:
                  pipelines:
                    metrics/one: {receivers: [testrcv/1], exporters: [sink]}
                    metrics/two: {receivers: [testrcv/2], exporters: [sink]}
                """);
        s.start();
        ((TestReceiver) s.receiver(id("testrcv/1"))).push(batch());
        ((TestReceiver) s.receiver(id("testrcv/2"))).push(batch());
        s.shutdown(Duration.ofSeconds(5));

        assertThat(((Sink) s.exporter(id("sink"))).metrics).hasSize(2);
        assertThat(events.stream().filter(e -> e.startsWith("start exporters::sink"))).hasSize(1);
    }

    @Test
    void processorsRunInPipelineOrderAndEveryExporterOfThePipelineGetsTheResult() throws Exception {
        Service s = service("""
                receivers: {testrcv: {}}
                processors: {tag/1: {}, tag/2: {}, tag/3: {}}
                exporters: {sink/x: {}, sink/y: {}}
                service:
                  pipelines:
                    metrics: {receivers: [testrcv], processors: [tag/2, tag/1, tag/3], exporters: [sink/x, sink/y]}
                """);
        s.start();
        ((TestReceiver) s.receiver(id("testrcv"))).push(batch());
        s.shutdown(Duration.ofSeconds(5));

        for (String sink : List.of("sink/x", "sink/y")) {
            MetricBatch got = ((Sink) s.exporter(id(sink))).metrics.getFirst();
            assertThat(got.resources().getFirst().resource().getString("path")).isEqualTo("tag/2>tag/1>tag/3");
        }
        assertThat(s.processors("metrics")).hasSize(3);
    }

    @Test
    void processorsAreInstantiatedPerPipeline() throws Exception {
        Service s = service("""
                receivers: {testrcv/1: {}, testrcv/2: {}}
                processors: {tag: {}}
                exporters: {sink: {}}
                service:
                  pipelines:
                    metrics/one: {receivers: [testrcv/1], processors: [tag], exporters: [sink]}
                    metrics/two: {receivers: [testrcv/2], processors: [tag], exporters: [sink]}
                """);
        assertThat(s.processors("metrics/one").getFirst()).isNotSameAs(s.processors("metrics/two").getFirst());
    }

    @Test
    void tracesFlowThroughTracesPipelines() throws Exception {
        Service s = service("""
                receivers: {testrcv: {}}
                exporters: {sink: {}}
                service:
                  pipelines:
                    traces: {receivers: [testrcv], exporters: [sink]}
                """);
        s.start();
        SpanBatch spans = new SpanBatch();
        ((TestReceiver) s.receiver(id("testrcv"))).push(spans);
        s.shutdown(Duration.ofSeconds(5));
        assertThat(((Sink) s.exporter(id("sink"))).traces).containsExactly(spans);
    }

    @Test
    void startsExtensionsExportersProcessorsReceiversThenReadyAndShutsDownInReverse() throws Exception {
        Service s = service("""
                extensions: {rec: {}}
                receivers: {testrcv: {}}
                processors: {tag/1: {}, tag/2: {}}
                exporters: {sink: {}}
                service:
                  extensions: [rec]
                  pipelines:
                    metrics: {receivers: [testrcv], processors: [tag/1, tag/2], exporters: [sink]}
                """);
        s.start();
        assertThat(s.shutdown(Duration.ofSeconds(5))).isTrue();
        assertThat(events).containsExactly(
                "start extensions::rec",
                "start exporters::sink",
                "start processors::tag/2@metrics",
                "start processors::tag/1@metrics",
                "start receivers::testrcv",
                "ready extensions::rec",
                "notReady extensions::rec",
                "shutdown receivers::testrcv",
                "shutdown processors::tag/1@metrics",
                "shutdown processors::tag/2@metrics",
                "shutdown exporters::sink",
                "shutdown extensions::rec");
        assertThat(s.awaitStop()).isNull();
    }

    @Test
    void dataPushedByAReceiverDuringShutdownStillReachesTheExporter() throws Exception {
        Service s = service("""
                receivers: {testrcv: {final_batch: true}}
                exporters: {sink: {}}
                service:
                  pipelines:
                    metrics: {receivers: [testrcv], exporters: [sink]}
                """);
        s.start();
        s.shutdown(Duration.ofSeconds(5));
        assertThat(events).containsSubsequence(
                "exporters::sink got 1 resources", "final batch pushed by receivers::testrcv",
                "shutdown receivers::testrcv", "shutdown exporters::sink");
    }

    @Test
    void failedStartShutsDownWhatStartedInReverseAndRethrows() {
        Service s = service("""
                extensions: {rec: {}}
                receivers: {testrcv: {fail_start: true}}
                exporters: {sink: {}}
                service:
                  extensions: [rec]
                  pipelines:
                    metrics: {receivers: [testrcv], exporters: [sink]}
                """);
        assertThatThrownBy(s::start).hasMessageContaining("receivers::testrcv refuses to start");
        assertThat(events).containsExactly(
                "start extensions::rec", "start exporters::sink",
                "shutdown exporters::sink", "shutdown extensions::rec");
    }

    @Test
    void shutdownReturnsFalseWhenAComponentDoesNotFinishInTime() throws Exception {
        Service s = service("""
                receivers: {testrcv: {}}
                exporters: {sink: {hang_shutdown: true}}
                service:
                  pipelines:
                    metrics: {receivers: [testrcv], exporters: [sink]}
                """);
        s.start();
        assertThat(s.shutdown(Duration.ofMillis(200))).isFalse();
    }

    @Test
    void fatalErrorOfAComponentEndsTheWait() throws Exception {
        Service s = service("""
                receivers: {testrcv: {}}
                exporters: {sink: {}}
                service:
                  pipelines:
                    metrics: {receivers: [testrcv], exporters: [sink]}
                """);
        s.start();
        IllegalStateException boom = new IllegalStateException("boom");
        s.reportFatalError(id("testrcv"), boom);
        assertThat(s.awaitStop()).isSameAs(boom);
        s.shutdown(Duration.ofSeconds(5));
    }
}

package io.meshlens.exporter.debug;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Attributes;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import io.meshlens.model.Temporality;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class DebugExporterTest {
    private static final long S = 1_000_000_000L;
    private final List<String> out = new ArrayList<>();
    private final Telemetry telemetry = new Telemetry();

    private DebugExporter exporter(Verbosity v) {
        return new DebugExporter(new CreateSettings(ComponentId.parse("debug"), Kind.EXPORTER, "", telemetry,
                Logger.getLogger("exporters::debug")), new DebugConfig(v, 2, 1, true), out::add);
    }

    static MetricBatch batch() {
        MetricBatch b = new MetricBatch();
        ScopeMetrics sm = b.addResource(Attributes.of("service.name", "shop", "layer", "mesh"))
                .addScope(new Scope("meshlens", "1.0", Attributes.EMPTY));
        NumberPoints total = new NumberPoints();
        total.addDouble(Attributes.of("direction", "inbound", "status_code", "200"), 0, 2 * S, 6, 0);
        total.addInt(Attributes.of("direction", "outbound"), 0, 2 * S, 3, 0);
        sm.metrics().add(Metric.sum("response_total", "", "", Temporality.CUMULATIVE, true, total));
        HistogramPoints lat = new HistogramPoints();
        lat.add(Attributes.of("direction", "inbound"), S, 2 * S, 4, 12.5, new double[]{1, 10}, new long[]{1, 2, 1},
                HistogramPoints.FLAG_HAS_SUM);
        sm.metrics().add(Metric.histogram("response_latency_ms", "latency", "ms", Temporality.CUMULATIVE, lat));
        return b;
    }

    @Test
    void configFileBindsToTypedConfig() throws Exception {
        Path f = Path.of(getClass().getResource("/exporter/debug/config.yaml").toURI());
        ConfigNode.MapNode exporters = (ConfigNode.MapNode) ConfigLoader.load(List.of(f), List.of(), Map.of()).root()
                .get("exporters");
        ConfigErrors errors = new ConfigErrors();
        DebugExporterFactory factory = new DebugExporterFactory();
        assertThat(factory.parseConfig(new ConfigReader(exporters.get("debug"), "exporters::debug", errors)))
                .isEqualTo(DebugConfig.DEFAULT);
        assertThat(factory.parseConfig(new ConfigReader(exporters.get("debug/detailed"), "exporters::debug/detailed",
                errors))).isEqualTo(new DebugConfig(Verbosity.DETAILED, 5, 200, false));
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void basicWritesOneLineWithCounts() {
        exporter(Verbosity.BASIC).consumeMetrics(batch());
        assertThat(out).containsExactly(
                "MetricsExporter {\"resource metrics\": 1, \"metrics\": 2, \"data points\": 3}");
        assertThat(telemetry.value("otelcol_exporter_sent_metric_points", Attributes.of("exporter", "debug")))
                .isEqualTo(3);
    }

    @Test
    void normalWritesOneLinePerDataPoint() {
        exporter(Verbosity.NORMAL).consumeMetrics(batch());
        assertThat(out).containsExactly("""
                MetricsExporter {"resource metrics": 1, "metrics": 2, "data points": 3}
                ResourceMetrics #0 layer=mesh,service.name=shop
                ScopeMetrics #0 meshlens@1.0
                response_total{direction=inbound,status_code=200} 6
                response_total{direction=outbound} 3
                response_latency_ms{direction=inbound} count=4 sum=12.5 le1=1 le10=2 le+Inf=1""");
    }

    @Test
    void detailedDumpsResourceScopeMetadataAndPoints() {
        exporter(Verbosity.DETAILED).consumeMetrics(batch());
        assertThat(out).hasSize(1);
        assertThat(out.getFirst()).startsWith("""
                MetricsExporter {"resource metrics": 1, "metrics": 2, "data points": 3}
                ResourceMetrics #0
                Resource SchemaURL:\s
                Resource attributes:
                     -> layer: Str(mesh)
                     -> service.name: Str(shop)
                ScopeMetrics #0
                InstrumentationScope meshlens 1.0
                Metric #0
                Descriptor:
                     -> Name: response_total
                     -> Description:\s
                     -> Unit:\s
                     -> DataType: Sum
                     -> IsMonotonic: true
                     -> AggregationTemporality: Cumulative
                NumberDataPoints #0
                Data point attributes:
                     -> direction: Str(inbound)
                     -> status_code: Str(200)
                StartTimestamp: 1970-01-01 00:00:00.000000000 +0000 UTC
                Timestamp: 1970-01-01 00:00:02.000000000 +0000 UTC
                Value: 6.000000
                NumberDataPoints #1
                """).endsWith("""
                HistogramDataPoints #0
                Data point attributes:
                     -> direction: Str(inbound)
                StartTimestamp: 1970-01-01 00:00:01.000000000 +0000 UTC
                Timestamp: 1970-01-01 00:00:02.000000000 +0000 UTC
                Count: 4
                Sum: 12.500000
                ExplicitBounds #0: 1.000000
                ExplicitBounds #1: 10.000000
                Buckets #0, Count: 1
                Buckets #1, Count: 2
                Buckets #2, Count: 1""").contains("Value: 3\n", "     -> Unit: ms\n");
    }

    @Test
    void tracesAreWrittenPerVerbosity() {
        SpanBatch b = new SpanBatch();
        b.addResource(Attributes.of("service.name", "frontend")).addScope(Scope.EMPTY).spans().add(
                new Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "", "oteldemo.AdService/GetAds",
                        Span.Kind.CLIENT, S, 2 * S, Attributes.of("rpc.grpc.status_code", 14L), SpanStatus.ERROR,
                        "14 UNAVAILABLE", List.of()));
        exporter(Verbosity.BASIC).consumeTraces(b);
        exporter(Verbosity.NORMAL).consumeTraces(b);
        exporter(Verbosity.DETAILED).consumeTraces(b);
        assertThat(out.get(0)).isEqualTo("TracesExporter {\"resource spans\": 1, \"spans\": 1}");
        assertThat(out.get(1)).endsWith("oteldemo.AdService/GetAds 0af7651916cd43dd8448eb211c80319c b7ad6b7169203331 "
                + "{rpc.grpc.status_code=14}");
        assertThat(out.get(2)).contains("    Status code    : Error\n", "    Status message : 14 UNAVAILABLE\n",
                "     -> rpc.grpc.status_code: Int(14)");
    }
}

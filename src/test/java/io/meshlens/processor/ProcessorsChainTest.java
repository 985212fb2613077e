package io.meshlens.processor;

import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.processor.batch.BatchProcessorFactory;
import io.meshlens.processor.memorylimiter.MemoryLimiterProcessorFactory;
import io.meshlens.processor.resource.ResourceProcessorFactory;
import io.meshlens.processor.resourcedetection.ResourceDetectionProcessorFactory;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed pipeline's processors of this area, chained as the service would (minus filter and
 * k8sattributes): memory_limiter → resource/mesh → resourcedetection → batch.
 */
class ProcessorsChainTest {
    @Test
    void everyScrapedResourceLeavesTheChainWithLayerMeshAndTheDetectedHost() throws Exception {
        Path file = ProcessorsConfigs.resource("/processor/chain/config.yaml");
        ConfigErrors errors = new ConfigErrors();
        Telemetry t = new Telemetry();
        List<MetricBatch> exported = Collections.synchronizedList(new ArrayList<>());

        var batchF = new BatchProcessorFactory();
        MetricsProcessor batch = batchF.createMetrics(ProcessorsConfigs.settings("batch", t),
                batchF.parseConfig(section(file, "batch", errors)), exported::add);
        var rdF = new ResourceDetectionProcessorFactory();
        MetricsProcessor rd = rdF.createMetrics(ProcessorsConfigs.settings("resourcedetection", t),
                rdF.parseConfig(section(file, "resourcedetection", errors)), batch);
        var resF = new ResourceProcessorFactory();
        MetricsProcessor res = resF.createMetrics(ProcessorsConfigs.settings("resource/mesh", t),
                resF.parseConfig(section(file, "resource/mesh", errors)), rd);
        var mlF = new MemoryLimiterProcessorFactory();
        MetricsProcessor ml = mlF.createMetrics(ProcessorsConfigs.settings("memory_limiter", t),
                mlF.parseConfig(section(file, "memory_limiter", errors)), res);
        assertThat(errors.all()).isEmpty();

        List<MetricsProcessor> startOrder = List.of(batch, rd, res, ml);
        for (MetricsProcessor p : startOrder) {
            p.start(null);
        }
        MetricsConsumer pipeline = ml;
        for (int pod = 0; pod < 30; pod++) {
            pipeline.consumeMetrics(scrape("10.42.0." + pod + ":4191"));
        }
        for (MetricsProcessor p : List.of(ml, res, rd, batch)) {
            p.shutdown();
        }

        int points = exported.stream().mapToInt(MetricBatch::pointCount).sum();
        assertThat(points).isEqualTo(30 * 4);
        assertThat(exported).flatMap(MetricBatch::resources).hasSize(30).allSatisfy(rm -> {
            assertThat(rm.resource().get("layer")).isEqualTo("mesh");
            assertThat(rm.resource().getString("host.name")).isNotBlank();
            assertThat(rm.resource().get("os.type")).isNotNull();
            assertThat(rm.resource().get("service.name")).isEqualTo("linkerd-mesh");
        });
        assertThat(t.sum("otelcol_processor_accepted_metric_points", Attributes.EMPTY)).isEqualTo(120);
    }

    private static ConfigReader section(Path file, String id, ConfigErrors errors) {
        return ProcessorsConfigs.section(file, id, errors);
    }

    private static MetricBatch scrape(String instance) {
        NumberPoints p = new NumberPoints();
        for (String dir : List.of("inbound", "outbound")) {
            for (String code : List.of("200", "503")) {
                p.addDouble(Attributes.of("direction", dir, "status_code", code), 0, 1, 1, 0);
            }
        }
        MetricBatch b = new MetricBatch();
        b.addResource(Attributes.of("service.name", "linkerd-mesh", "service.instance.id", instance))
                .addScope(Scope.EMPTY).metrics().add(Metric.sum("response_total", "", "",
                        io.meshlens.model.Temporality.CUMULATIVE, true, p));
        return b;
    }
}

package io.meshlens.processor.resource;

import io.meshlens.config.ConfigErrors;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.processor.attraction.Action;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceProcessorTest {
    static final ResourceProcessorFactory FACTORY = new ResourceProcessorFactory();

    static ResourceConfig load(String id, ConfigErrors errors) {
        return FACTORY.parseConfig(ProcessorsConfigs.section(
                ProcessorsConfigs.resource("/processor/resource/config.yaml"), id, errors));
    }

    @Test
    void seedConfigInsertsLayerMesh() {
        ConfigErrors errors = new ConfigErrors();
        ResourceConfig c = load("resource/mesh", errors);
        assertThat(errors.all()).isEmpty();
        assertThat(c.attributes()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo(Action.INSERT);
            assertThat(a.key()).isEqualTo("layer");
            assertThat(a.value()).isEqualTo("mesh");
            assertThat(a.mark().line()).isEqualTo(4);
        });
    }

    @Test
    void fullConfigKeepsActionOrder() {
        ConfigErrors errors = new ConfigErrors();
        ResourceConfig c = load("resource/full", errors);
        assertThat(errors.all()).isEmpty();
        assertThat(c.attributes()).extracting(a -> a.action() + ":" + a.key() + ":" + a.pattern()).containsExactly(
                "UPSERT:deployment.environment:", "INSERT:job:", "DELETE:secret:", "DELETE::^tmp\\.");
        assertThat(c.attributes().get(1).fromAttribute()).isEqualTo("service.name");
    }

    @Test
    void missingAttributesIsAnError() {
        ConfigErrors errors = new ConfigErrors();
        load("resource/empty", errors);
        assertThat(errors.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("missing required field \"attributes\"");
            assertThat(e.component()).isEqualTo("processors::resource/empty");
        });
    }

    @Test
    void anEmptyAttributesListIsAnError() {
        ConfigErrors errors = new ConfigErrors();
        load("resource/emptylist", errors);
        assertThat(errors.errors()).extracting(e -> e.message()).containsExactly("missing required field \"attributes\"");
    }

    static MetricBatch scrape(Attributes resource) {
        MetricBatch b = new MetricBatch();
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.of("direction", "inbound"), 0, 1, 3, 0);
        b.addResource(resource).addScope(Scope.EMPTY).metrics().add(Metric.gauge("tcp_open_connections", "", "", p));
        return b;
    }

    @Test
    void insertsLayerOnEveryResourceAndReusesTheResultForTheSameResourceInstance() {
        ConfigErrors errors = new ConfigErrors();
        ResourceConfig c = load("resource/mesh", errors);
        List<MetricBatch> got = new ArrayList<>();
        Telemetry t = new Telemetry();
        var p = FACTORY.createMetrics(ProcessorsConfigs.settings("resource/mesh", t), c, got::add);
        Attributes target = Attributes.of("service.name", "linkerd-mesh", "service.instance.id", "10.0.0.1:4191");
        Attributes other = Attributes.of("service.name", "linkerd-mesh", "layer", "app");
        MetricBatch b = scrape(target);
        b.resources().addAll(scrape(other).resources());
        p.consumeMetrics(b);
        p.consumeMetrics(scrape(target));

        assertThat(got).hasSize(2);
        Attributes first = got.get(0).resources().get(0).resource();
        assertThat(first).isEqualTo(target.with("layer", "mesh"));
        assertThat(got.get(0).resources().get(1).resource()).as("insert keeps an existing value").isSameAs(other);
        assertThat(got.get(1).resources().get(0).resource()).as("memoized by identity").isSameAs(first);
        assertThat(t.sum("otelcol_processor_incoming_items", Attributes.of("processor", "resource/mesh")))
                .isEqualTo(3);
    }

    /** 10,000 targets (more than the memo's initial 4,096 slots): each keeps its output instance across scrapes. */
    @Test
    void everyOneOfManyTargetsGetsTheSameResourceInstanceOnEveryScrape() {
        ConfigErrors errors = new ConfigErrors();
        List<MetricBatch> got = new ArrayList<>();
        var p = FACTORY.createMetrics(ProcessorsConfigs.settings("resource/mesh", new Telemetry()),
                load("resource/mesh", errors), got::add);
        MetricBatch first = new MetricBatch();
        MetricBatch second = new MetricBatch();
        for (int i = 0; i < 10_000; i++) {
            Attributes target = Attributes.of("service.name", "linkerd-mesh",
                    "service.instance.id", "10.1." + (i >> 8) + "." + (i & 255) + ":4191");
            first.resources().addAll(scrape(target).resources());
            second.resources().addAll(scrape(target).resources());
        }
        p.consumeMetrics(first);
        p.consumeMetrics(second);
        for (int i = 0; i < 10_000; i++) {
            assertThat(got.get(1).resources().get(i).resource()).isSameAs(got.get(0).resources().get(i).resource());
        }
    }

    @Test
    void appliesToSpanResources() {
        ConfigErrors errors = new ConfigErrors();
        ResourceConfig c = load("resource/full", errors);
        List<SpanBatch> got = new ArrayList<>();
        var p = FACTORY.createTraces(ProcessorsConfigs.settings("resource/full", new Telemetry()), c, got::add);
        SpanBatch b = new SpanBatch();
        b.addResource(Attributes.of("service.name", "cart", "secret", "s", "tmp.a", "1", "tmpx", "2"))
                .addScope(Scope.EMPTY).spans().add(new Span("0".repeat(32), "1".repeat(16), "", "GET", Span.Kind.SERVER,
                        0, 1, Attributes.EMPTY, null, null, null));
        p.consumeTraces(b);
        assertThat(got.get(0).resources().get(0).resource()).isEqualTo(Attributes.of("service.name", "cart",
                "job", "cart", "deployment.environment", "prod", "tmpx", "2"));
    }
}

package io.meshlens.processor.attributes;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.processor.attraction.Action;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributesProcessorTest {
    static final AttributesProcessorFactory FACTORY = new AttributesProcessorFactory();

    static AttributesConfig load(String id, ConfigErrors errors) {
        return FACTORY.parseConfig(ProcessorsConfigs.section(
                ProcessorsConfigs.resource("/processor/attributes/config.yaml"), id, errors));
    }

    static AttributesConfig load(String id) {
        ConfigErrors errors = new ConfigErrors();
        AttributesConfig c = load(id, errors);
        assertThat(errors.all()).isEmpty();
        return c;
    }

    @Test
    void exampleConfigReadsEveryAction() {
        AttributesConfig c = load("attributes/example");
        assertThat(c.actions()).extracting(a -> a.action() + ":" + a.key()).containsExactly("DELETE:db.table",
                "UPSERT:redacted_span", "UPDATE:copy_key", "INSERT:account_id", "HASH:account_email",
                "CONVERT:http.status_code");
        // The provisional loader hands scalars over as text; the typed loader gives true and 2245L.
        assertThat(String.valueOf(c.actions().get(1).value())).isEqualTo("true");
        assertThat(String.valueOf(c.actions().get(3).value())).isEqualTo("2245");
        assertThat(c.actions().get(5).convertedType()).isEqualTo("int");
        assertThat(c.include()).isNull();
        assertThat(c.exclude()).isNull();
    }

    @Test
    void includeAndExcludeAreRead() {
        AttributesConfig c = load("attributes/regexp");
        assertThat(c.include().matchType()).isEqualTo(MatchType.REGEXP);
        assertThat(c.include().metricNames()).containsExactly("^response_", "tcp_open_connections$");
        assertThat(c.exclude().matchType()).isEqualTo(MatchType.STRICT);
        assertThat(c.exclude().metricNames()).containsExactly("response_total");
        AttributesConfig s = load("attributes/spans");
        assertThat(s.include().services()).containsExactly("cart");
        assertThat(s.include().spanKinds()).containsExactly("SPAN_KIND_SERVER");
        assertThat(s.include().attributes()).extracting(AttributeMatch::key, AttributeMatch::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http.method", "GET"));
        assertThat(s.include().libraries()).extracting(MatchProperties.Library::name,
                MatchProperties.Library::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple("io.opentelemetry.grpc", "1.0"));
    }

    @Test
    void badMatchPropertiesAreReportedWithTheCollectorsMessages() {
        ConfigErrors errors = new ConfigErrors();
        load("attributes/bad", errors);
        assertThat(errors.errors()).extracting(ConfigError::message).containsExactly(
                "unrecognized match_type: 'fuzzy', valid types are: [regexp strict]",
                "exclude: " + MatchProperties.MISSING_FIELD);
        assertThat(errors.errors()).extracting(e -> e.mark().line()).containsExactly(48, 51);
    }

    static Metric gauge(String name, Attributes... points) {
        NumberPoints p = new NumberPoints();
        for (Attributes a : points) {
            p.addDouble(a, 0, 1, 1, 0);
        }
        return Metric.gauge(name, "", "", p);
    }

    @Test
    void includeAndExcludeSelectMetricsByNameRegexpUnanchored() {
        List<MetricBatch> got = new ArrayList<>();
        var p = FACTORY.createMetrics(ProcessorsConfigs.settings("attributes/regexp", new Telemetry()),
                load("attributes/regexp"), got::add);
        Attributes a = Attributes.of("direction", "inbound");
        MetricBatch b = new MetricBatch();
        ScopeMetrics sm = b.addResource(Attributes.EMPTY).addScope(Scope.EMPTY);
        sm.metrics().add(gauge("response_latency_ms_bucket", a, a));
        sm.metrics().add(gauge("response_total", a));
        sm.metrics().add(gauge("tcp_open_connections", a));
        sm.metrics().add(gauge("control_response_total", a));
        sm.metrics().add(gauge("tcp_open_connections_x", a));
        p.consumeMetrics(b);
        List<Metric> out = got.get(0).resources().get(0).scopes().get(0).metrics();
        assertThat(out).extracting(m -> m.name() + "=" + m.points().attributes(0).get("layer")).containsExactly(
                "response_latency_ms_bucket=mesh", "response_total=null", "tcp_open_connections=mesh",
                "control_response_total=null", "tcp_open_connections_x=null");
        assertThat(out.get(0).points().attributes(1)).as("same input instance, same memoized result")
                .isSameAs(out.get(0).points().attributes(0));
    }

    static SpanBatch spans(String service, String scopeVersion, Span... s) {
        SpanBatch b = new SpanBatch();
        SpanBatch.ScopeSpans ss = b.addResource(Attributes.of("service.name", service))
                .addScope(new Scope("io.opentelemetry.grpc", scopeVersion, Attributes.EMPTY));
        ss.spans().addAll(List.of(s));
        return b;
    }

    static Span span(Span.Kind kind, Attributes attrs) {
        return new Span("0".repeat(32), "1".repeat(16), "", "op", kind, 0, 1, attrs, null, null, null);
    }

    @Test
    void spansMatchOnlyWhenEveryPropertyMatches() {
        List<SpanBatch> got = new ArrayList<>();
        var p = FACTORY.createTraces(ProcessorsConfigs.settings("attributes/spans", new Telemetry()),
                load("attributes/spans"), got::add);
        Attributes get = Attributes.of("http.method", "GET");
        p.consumeTraces(spans("cart", "1.0", span(Span.Kind.SERVER, get), span(Span.Kind.CLIENT, get),
                span(Span.Kind.SERVER, Attributes.of("http.method", "POST"))));
        p.consumeTraces(spans("ad", "1.0", span(Span.Kind.SERVER, get)));
        p.consumeTraces(spans("cart", "2.0", span(Span.Kind.SERVER, get)));
        assertThat(got.get(0).resources().get(0).scopes().get(0).spans())
                .extracting(s -> s.attributes().get("env")).containsExactly("prod", null, null);
        assertThat(got.get(1).resources().get(0).scopes().get(0).spans().get(0).attributes().get("env")).isNull();
        assertThat(got.get(2).resources().get(0).scopes().get(0).spans().get(0).attributes().get("env")).isNull();
    }

    @Test
    void metricNamesAloneAreRefusedForSpansAsTheCollectorDoes() {
        AttributesConfig c = load("attributes/regexp");
        assertThatThrownBy(() -> FACTORY.createTraces(ProcessorsConfigs.settings("attributes/regexp",
                new Telemetry()), c, b -> { })).hasMessageContaining(MatchProperties.MISSING_FIELD);
    }

    @Test
    void attributeMatchStrictComparesTypesAndRegexpRendersValues() {
        AttributeMatch strict = new AttributeMatch("code", 200L, null);
        assertThat(strict.matches(Attributes.of("code", 200L))).isTrue();
        assertThat(strict.matches(Attributes.of("code", "200"))).isFalse();
        AttributeMatch present = new AttributeMatch("code", null, null);
        assertThat(present.matches(Attributes.of("code", "x"))).isTrue();
        assertThat(present.matches(Attributes.of("other", "x"))).isFalse();
        AttributeMatch regexp = new AttributeMatch("v", "^1\\.5$", StringSet.of(MatchType.REGEXP, List.of("^1\\.5$")));
        assertThat(regexp.matches(Attributes.of("v", 1.5))).isTrue();
        AttributeMatch wholeNumber = new AttributeMatch("v", "^3$", StringSet.of(MatchType.REGEXP, List.of("^3$")));
        assertThat(wholeNumber.matches(Attributes.of("v", 3.0))).as("Go's FormatFloat(3, 'f', -1) is \"3\"").isTrue();
        assertThat(Action.INSERT.id()).isEqualTo("insert");
    }
}

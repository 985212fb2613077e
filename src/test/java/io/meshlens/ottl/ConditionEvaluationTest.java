package io.meshlens.ottl;

import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanStatus;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConditionEvaluationTest {
    static final Attributes RESOURCE = Attributes.of("service.name", "linkerd-mesh", "k8s.pod.name", "web-1");
    static final Scope SCOPE = new Scope("io.x", "1.0", Attributes.of("a", "b"));

    /** response_total: a monotonic cumulative sum whose first point with "code" has code=200. */
    static Metric responseTotal() {
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.of("direction", "inbound"), 1000, 2000, 5.5, 0);
        p.addDouble(Attributes.of("code", "200"), 1000, 2000, 7, 0);
        p.addDouble(Attributes.of("code", "500"), 1000, 2000, 1, 0);
        return Metric.sum("response_total", "d", "ms", Temporality.CUMULATIVE, true, p);
    }

    static Target metricTarget(Metric m) {
        return new Target().at(RESOURCE, SCOPE).metric(m);
    }

    static boolean eval(String text, OttlContext ctx, Target t) throws OttlSyntaxException {
        return Condition.parse(text, ctx).evaluate(t);
    }

    static Stream<Arguments> metricContext() {
        return Stream.of(
                arguments("name == \"response_total\"", true),
                arguments("metric.name == \"response_total\"", true),
                arguments("name != \"response_total\"", false),
                arguments("description == \"d\" and unit == \"ms\"", true),
                arguments("type == METRIC_DATA_TYPE_SUM", true),
                arguments("type == 2", true),
                arguments("type == METRIC_DATA_TYPE_GAUGE", false),
                arguments("aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE", true),
                arguments("is_monotonic == true", true),
                arguments("resource.attributes[\"service.name\"] == \"linkerd-mesh\"", true),
                arguments("resource.attributes[\"missing\"] == nil", true),
                arguments("resource.attributes[\"missing\"] != nil", false),
                arguments("resource.dropped_attributes_count == 0", true),
                arguments("instrumentation_scope.name == \"io.x\" and instrumentation_scope.version == \"1.0\"", true),
                arguments("instrumentation_scope.attributes[\"a\"] == \"b\"", true),
                arguments("IsMatch(name, \"esponse\")", true),
                arguments("IsMatch(name, \"^total\")", false),
                arguments("IsMatch(name, \"_total$\")", true),
                arguments("IsMatch(resource.attributes[\"missing\"], \".*\")", false),
                arguments("IsMatch(type, \"^2$\")", true),
                arguments("not(name == \"a\" or name == \"response_total\")", false),
                arguments("name == \"a\" or name == \"response_total\" and unit == \"ms\"", true),
                arguments("(name == \"a\" or name == \"response_total\") and unit == \"x\"", false),
                arguments("not name == \"a\" and unit == \"ms\"", true),
                arguments("Len(name) == 14", true),
                arguments("Concat([name, unit, resource.attributes[\"missing\"]], \"/\") == \"response_total/ms/<nil>\"", true),
                arguments("String(type) == \"2\"", true),
                arguments("String(1.5) == \"1.5\"", true),
                arguments("ToUpperCase(unit) == \"MS\"", true),
                arguments("IsString(name) and IsInt(type) and not IsDouble(type)", true),
                arguments("IsBool(is_monotonic) and IsMap(resource.attributes)", true),
                arguments("IsString(resource.attributes[\"missing\"])", false),
                arguments("1 + 2 == 3", true),
                arguments("7 / 2 == 3", true),
                arguments("7.0 / 2 == 3.5", true),
                arguments("2 * 3 - 1 == 5", true),
                arguments("Len(resource.attributes) == 2", true),
                arguments("HasAttrKeyOnDatapoint(\"code\")", true),
                arguments("HasAttrKeyOnDatapoint(\"le\")", false),
                arguments("HasAttrOnDatapoint(\"code\", \"200\")", true),
                // As the Collector: the first point carrying the key decides, later points are not looked at.
                arguments("HasAttrOnDatapoint(\"code\", \"500\")", false),
                arguments("true", true),
                arguments("not false and not true", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metricContext")
    void evaluatesMetricContext(String text, boolean expected) throws OttlSyntaxException {
        assertThat(eval(text, OttlContext.METRIC, metricTarget(responseTotal()))).isEqualTo(expected);
    }

    @Test
    void gaugesHaveNoTemporalityAndNoMonotonicity() throws OttlSyntaxException {
        Metric up = Metric.gauge("up", "", "", new NumberPoints());
        Target t = metricTarget(up);
        assertThat(eval("aggregation_temporality == nil", OttlContext.METRIC, t)).isTrue();
        assertThat(eval("is_monotonic == nil", OttlContext.METRIC, t)).isTrue();
        assertThat(eval("is_monotonic == false", OttlContext.METRIC, t)).isFalse();
        assertThat(eval("type == METRIC_DATA_TYPE_GAUGE", OttlContext.METRIC, t)).isTrue();
    }

    static Metric histogram() {
        HistogramPoints h = new HistogramPoints();
        h.add(Attributes.of("le_source", "x"), 1000, 2000, 10, 2.5, new double[]{1, 5}, new long[]{4, 5, 1},
                HistogramPoints.FLAG_HAS_SUM);
        h.add(Attributes.EMPTY, 1000, 3000, 0, 0, new double[]{1, 5}, new long[]{0, 0, 0},
                DataPoints.FLAG_NO_RECORDED_VALUE);
        return Metric.histogram("response_latency_ms", "", "ms", Temporality.CUMULATIVE, h);
    }

    static Stream<Arguments> datapointContext() {
        return Stream.of(
                // response_total, point 0: double 5.5 with direction=inbound
                arguments(responseTotal(), 0, "attributes[\"direction\"] == \"inbound\"", true),
                arguments(responseTotal(), 0, "attributes[\"code\"] == nil", true),
                arguments(responseTotal(), 0, "value_double > 5", true),
                arguments(responseTotal(), 0, "value_double == 5.5", true),
                arguments(responseTotal(), 0, "value_int == 0", true),
                arguments(responseTotal(), 0, "count == nil and sum == nil", true),
                arguments(responseTotal(), 0, "metric.name == \"response_total\" and metric.type == METRIC_DATA_TYPE_SUM", true),
                arguments(responseTotal(), 0, "metric.is_monotonic == true and metric.unit == \"ms\"", true),
                arguments(responseTotal(), 0, "time_unix_nano == 2000 and start_time_unix_nano < time_unix_nano", true),
                arguments(responseTotal(), 0, "time_unix_nano - start_time_unix_nano == 1000", true),
                arguments(responseTotal(), 0, "resource.attributes[\"k8s.pod.name\"] == \"web-1\"", true),
                arguments(responseTotal(), 0, "datapoint.attributes[\"direction\"] == \"inbound\"", true),
                arguments(responseTotal(), 1, "attributes[\"code\"] == \"200\" and value_double == 7", true),
                arguments(intPoint(), 0, "value_int == 7 and value_double == 0.0", true),
                arguments(intPoint(), 0, "value_int > 6.5", true),
                arguments(histogram(), 0, "count == 10 and sum > 2", true),
                arguments(histogram(), 0, "value_double == nil", true),
                // the model's has-sum bit is not an OTLP data point flag
                arguments(histogram(), 0, "flags == FLAG_NONE", true),
                arguments(histogram(), 1, "flags == FLAG_NO_RECORDED_VALUE", true),
                arguments(histogram(), 0, "metric.type == METRIC_DATA_TYPE_HISTOGRAM", true),
                arguments(histogram(), 0, "metric.aggregation_temporality == AGGREGATION_TEMPORALITY_CUMULATIVE", true),
                arguments(summary(), 0, "metric.type == METRIC_DATA_TYPE_SUMMARY and count == 0", true));
    }

    static Metric intPoint() {
        NumberPoints p = new NumberPoints();
        p.addInt(Attributes.EMPTY, 0, 1, 7, 0);
        return Metric.gauge("g", "", "", p);
    }

    static Metric summary() {
        SummaryPoints s = new SummaryPoints();
        s.add(Attributes.EMPTY, 0, 1, 0, 0, new double[]{0.5}, new double[]{Double.NaN}, 0);
        return Metric.summary("s", "", "", s);
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("datapointContext")
    void evaluatesDatapointContext(Metric m, int point, String text, boolean expected) throws OttlSyntaxException {
        Target t = new Target().at(RESOURCE, SCOPE).metric(m).point(point);
        assertThat(eval(text, OttlContext.DATAPOINT, t)).isEqualTo(expected);
    }

    @Test
    void evaluatesSpanContext() throws OttlSyntaxException {
        Span span = new Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "", "oteldemo.AdService/GetAds",
                Span.Kind.CLIENT, 10, 20, Attributes.of("rpc.grpc.status_code", 14L), SpanStatus.ERROR,
                "14 UNAVAILABLE", List.of());
        Target t = new Target().at(RESOURCE, SCOPE).span(span);
        assertThat(eval("name == \"oteldemo.AdService/GetAds\" and kind == SPAN_KIND_CLIENT", OttlContext.SPAN, t)).isTrue();
        assertThat(eval("status.code == STATUS_CODE_ERROR and IsMatch(status.message, \"UNAVAILABLE\")", OttlContext.SPAN, t)).isTrue();
        assertThat(eval("attributes[\"rpc.grpc.status_code\"] == 14", OttlContext.SPAN, t)).isTrue();
        assertThat(eval("trace_id.string == \"0af7651916cd43dd8448eb211c80319c\"", OttlContext.SPAN, t)).isTrue();
        assertThat(eval("end_time_unix_nano - start_time_unix_nano == 10", OttlContext.SPAN, t)).isTrue();
        assertThat(eval("resource.attributes[\"service.name\"] == \"linkerd-mesh\"", OttlContext.SPAN, t)).isTrue();
    }

    @Test
    void dependenciesSayWhatAConditionReads() throws OttlSyntaxException {
        assertThat(Condition.parse("name == \"x\" or IsMatch(unit, \"s\")", OttlContext.METRIC).dependencies())
                .isEqualTo(Set.of(Dependency.METRIC));
        assertThat(Condition.parse("resource.attributes[\"a\"] == \"b\" and type == 1", OttlContext.METRIC).dependencies())
                .isEqualTo(Set.of(Dependency.RESOURCE, Dependency.METRIC));
        assertThat(Condition.parse("instrumentation_scope.name == \"x\"", OttlContext.METRIC).dependencies())
                .isEqualTo(Set.of(Dependency.SCOPE));
        assertThat(Condition.parse("HasAttrKeyOnDatapoint(\"le\")", OttlContext.METRIC).dependencies())
                .isEqualTo(Set.of(Dependency.DATAPOINTS));
        assertThat(Condition.parse("true", OttlContext.METRIC).dependencies()).isEmpty();
        assertThat(Condition.parse("value_double > 1 and metric.name == \"x\"", OttlContext.DATAPOINT).dependencies())
                .isEqualTo(Set.of(Dependency.DATAPOINT, Dependency.METRIC));
    }

    static Stream<Arguments> evaluationErrors() {
        return Stream.of(
                arguments("Len(resource.attributes[\"missing\"]) == 0", "target arg must be of type string"),
                arguments("1 + name == 2", "response_total must be int64 or float64"),
                arguments("1 / 0 == 0", "attempted to divide by 0"),
                arguments("String(1.0 / 0.5 - 2.0) == \"0\" and 1.0 / 0.0 == 1", "attempted to divide by 0"),
                arguments("IsMatch(name, resource.attributes[\"missing\"])", "expected string but got nil"),
                arguments("resource.attributes[\"service.name\"][\"x\"] == nil", "type string does not support string indexing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluationErrors")
    void evaluationErrorsAreReported(String text, String message) throws OttlSyntaxException {
        Condition c = Condition.parse(text, OttlContext.METRIC);
        assertThatThrownBy(() -> c.evaluate(metricTarget(responseTotal())))
                .isInstanceOf(OttlEvalException.class).hasMessageContaining(message);
    }

    @Test
    void dynamicIsMatchPatternsWork() throws OttlSyntaxException {
        Target t = new Target().at(Attributes.of("p", "^resp"), SCOPE).metric(responseTotal());
        assertThat(eval("IsMatch(name, resource.attributes[\"p\"])", OttlContext.METRIC, t)).isTrue();
    }
}

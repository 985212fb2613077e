package io.meshlens.processor.filter;

import io.meshlens.component.TracesProcessor;
import io.meshlens.model.Attributes;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpanFilterProcessorTest {
    @TempDir
    Path dir;

    static Span span(String name, Span.Kind kind, String route) {
        return new Span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "", name, kind, 0, 1,
                Attributes.of("http.route", route), SpanStatus.UNSET, "", List.of());
    }

    @Test
    void dropsMatchingSpansAndEmptyResources() {
        Telemetry telemetry = new Telemetry();
        List<SpanBatch> out = new ArrayList<>();
        TracesProcessor p = new FilterProcessorFactory().createTraces(FilterTesting.settings(telemetry),
                FilterTesting.config(dir, "traces:\n  span:\n    - 'attributes[\"http.route\"] == \"/healthz\"'\n"
                        + "    - 'kind == SPAN_KIND_INTERNAL'"), out::add);
        SpanBatch b = new SpanBatch();
        SpanBatch.ScopeSpans keep = b.addResource(Attributes.of("service.name", "frontend")).addScope(Scope.EMPTY);
        keep.spans().add(span("GET /api", Span.Kind.SERVER, "/api"));
        keep.spans().add(span("GET /healthz", Span.Kind.SERVER, "/healthz"));
        b.addResource(Attributes.of("service.name", "ad")).addScope(Scope.EMPTY).spans()
                .add(span("work", Span.Kind.INTERNAL, "/x"));
        p.consumeTraces(b);
        assertThat(out).singleElement().satisfies(sb -> {
            assertThat(sb.resources()).hasSize(1);
            assertThat(sb.resources().get(0).scopes().get(0).spans()).extracting(Span::name).containsExactly("GET /api");
        });
        assertThat(telemetry.sum("otelcol_processor_filter_spans_filtered", Attributes.EMPTY)).isEqualTo(2);
    }
}

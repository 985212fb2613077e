package io.meshlens.otlp;

import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.List;

/** OTLP traces protobuf ↔ {@link SpanBatch}. */
public final class OtlpTraces {
    private OtlpTraces() {
    }

    public static SpanBatch fromProto(ExportTraceServiceRequest req) {
        SpanBatch batch = new SpanBatch();
        for (ResourceSpans prs : req.getResourceSpansList()) {
            SpanBatch.ResourceSpans rs = batch.addResource(OtlpValues.attributes(prs.getResource().getAttributesList()));
            for (ScopeSpans pss : prs.getScopeSpansList()) {
                InstrumentationScope s = pss.getScope();
                SpanBatch.ScopeSpans ss = rs.addScope(new Scope(s.getName(), s.getVersion(),
                        OtlpValues.attributes(s.getAttributesList())));
                for (io.opentelemetry.proto.trace.v1.Span p : pss.getSpansList()) {
                    List<Span.Event> events = new ArrayList<>(p.getEventsCount());
                    for (io.opentelemetry.proto.trace.v1.Span.Event e : p.getEventsList()) {
                        events.add(new Span.Event(e.getName(), e.getTimeUnixNano(),
                                OtlpValues.attributes(e.getAttributesList())));
                    }
                    ss.spans().add(new Span(OtlpValues.hex(p.getTraceId()), OtlpValues.hex(p.getSpanId()),
                            OtlpValues.hex(p.getParentSpanId()), p.getName(), kind(p.getKind()),
                            p.getStartTimeUnixNano(), p.getEndTimeUnixNano(),
                            OtlpValues.attributes(p.getAttributesList()), status(p.getStatus().getCode()),
                            p.getStatus().getMessage(), events));
                }
            }
        }
        return batch;
    }

    public static ExportTraceServiceRequest toProto(SpanBatch batch) {
        ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
        for (SpanBatch.ResourceSpans rs : batch.resources()) {
            ResourceSpans.Builder prs = req.addResourceSpansBuilder()
                    .setResource(Resource.newBuilder().addAllAttributes(OtlpValues.keyValues(rs.resource())));
            for (SpanBatch.ScopeSpans ss : rs.scopes()) {
                ScopeSpans.Builder pss = prs.addScopeSpansBuilder().setScope(InstrumentationScope.newBuilder()
                        .setName(ss.scope().name()).setVersion(ss.scope().version())
                        .addAllAttributes(OtlpValues.keyValues(ss.scope().attributes())));
                for (Span s : ss.spans()) {
                    io.opentelemetry.proto.trace.v1.Span.Builder b = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                            .setTraceId(OtlpValues.id(s.traceId())).setSpanId(OtlpValues.id(s.spanId()))
                            .setParentSpanId(OtlpValues.id(s.parentSpanId())).setName(s.name())
                            .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.forNumber(s.kind().ordinal()))
                            .setStartTimeUnixNano(s.startNanos()).setEndTimeUnixNano(s.endNanos())
                            .addAllAttributes(OtlpValues.keyValues(s.attributes()))
                            .setStatus(Status.newBuilder().setCode(Status.StatusCode.forNumber(s.status().ordinal()))
                                    .setMessage(s.statusMessage()));
                    for (Span.Event e : s.events()) {
                        b.addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName(e.name())
                                .setTimeUnixNano(e.timeNanos()).addAllAttributes(OtlpValues.keyValues(e.attributes())));
                    }
                    pss.addSpans(b);
                }
            }
        }
        return req.build();
    }

    private static Span.Kind kind(io.opentelemetry.proto.trace.v1.Span.SpanKind k) {
        int n = k.getNumber();
        return n >= 0 && n < Span.Kind.values().length ? Span.Kind.values()[n] : Span.Kind.UNSPECIFIED;
    }

    private static SpanStatus status(Status.StatusCode c) {
        return switch (c) {
            case STATUS_CODE_OK -> SpanStatus.OK;
            case STATUS_CODE_ERROR -> SpanStatus.ERROR;
            default -> SpanStatus.UNSET;
        };
    }
}

package io.meshlens.ottl;

import java.util.EnumSet;
import java.util.List;

/** Paths of the span context: name, kind, status, ids, times and attributes. */
final class SpanPaths {
    private SpanPaths() {
    }

    static Node.Value resolve(Ast.Path path, List<Ast.Field> f, OttlContext ctx, EnumSet<Dependency> deps)
            throws OttlSyntaxException {
        Ast.Field field = f.get(0);
        deps.add(Dependency.SPAN);
        if (field.name().equals("attributes")) {
            if (f.size() > 1) {
                throw Paths.invalid(path, f.get(1), ctx);
            }
            return Paths.attributes(path, field, t -> t.span.attributes());
        }
        Paths.noKeys(path, field);
        switch (field.name()) {
            case "status", "trace_id", "span_id", "parent_span_id" -> {
                Ast.Field sub = Paths.second(path, f, ctx);
                Paths.noKeys(path, sub);
                String key = field.name() + "." + sub.name();
                return switch (key) {
                    case "status.code" -> t -> (long) t.span.status().ordinal();
                    case "status.message" -> t -> t.span.statusMessage();
                    case "trace_id.string" -> t -> t.span.traceId();
                    case "span_id.string" -> t -> t.span.spanId();
                    case "parent_span_id.string" -> t -> t.span.parentSpanId();
                    default -> throw Paths.invalid(path, sub, ctx);
                };
            }
            default -> {
            }
        }
        if (f.size() > 1) {
            throw Paths.invalid(path, f.get(1), ctx);
        }
        return switch (field.name()) {
            case "name" -> t -> t.span.name();
            case "kind" -> t -> (long) t.span.kind().ordinal();
            case "start_time_unix_nano" -> t -> t.span.startNanos();
            case "end_time_unix_nano" -> t -> t.span.endNanos();
            case "trace_state", "dropped_attributes_count", "events", "dropped_events_count", "links",
                 "dropped_links_count", "start_time", "end_time" -> throw Paths.unsupported(path, field);
            default -> throw Paths.invalid(path, field, ctx);
        };
    }
}

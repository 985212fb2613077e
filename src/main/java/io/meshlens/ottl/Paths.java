package io.meshlens.ottl;

import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.ExponentialHistogramPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricType;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.SummaryPoints;

import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves paths to getters, per context, with the values OTTL's getters return: {@code type} and
 * {@code aggregation_temporality} are int enums (nil temporality for gauges and summaries),
 * {@code is_monotonic} is nil except for sums, {@code value_double} is 0 on an int point (pdata's
 * DoubleValue), {@code count}/{@code sum} are nil on number points. The context prefix form
 * ({@code metric.name}, {@code datapoint.attributes}) is accepted beside the bare one.
 */
final class Paths {
    private static final String DOC = "https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/pkg/ottl/contexts/";

    private Paths() {
    }

    static Node.Value resolve(Ast.Path path, OttlContext ctx, EnumSet<Dependency> deps) throws OttlSyntaxException {
        List<Ast.Field> f = path.fields();
        String first = f.get(0).name();
        // The context's own name as a prefix: metric.name in the metric context, datapoint.x in datapoint.
        boolean ownPrefix = f.size() > 1 && (ctx == OttlContext.METRIC && first.equals("metric")
                || ctx == OttlContext.DATAPOINT && first.equals("datapoint")
                || ctx == OttlContext.SPAN && first.equals("span"));
        if (ownPrefix) {
            f = f.subList(1, f.size());
            first = f.get(0).name();
        }
        switch (first) {
            case "resource" -> {
                return resource(path, f, ctx, deps);
            }
            case "instrumentation_scope" -> {
                return scope(path, f, ctx, deps);
            }
            default -> {
            }
        }
        return switch (ctx) {
            case METRIC -> metric(path, f, ctx, deps);
            case DATAPOINT -> {
                if (first.equals("metric") && f.size() > 1 && !ownPrefix) {
                    yield metric(path, f.subList(1, f.size()), ctx, deps);
                }
                yield dataPoint(path, f, ctx, deps);
            }
            case SPAN -> SpanPaths.resolve(path, f, ctx, deps);
        };
    }

    private static Node.Value resource(Ast.Path path, List<Ast.Field> f, OttlContext ctx, EnumSet<Dependency> deps)
            throws OttlSyntaxException {
        noKeys(path, f.get(0));
        Ast.Field next = second(path, f, ctx);
        deps.add(Dependency.RESOURCE);
        return switch (next.name()) {
            case "attributes" -> attributes(path, next, t -> t.resource);
            case "dropped_attributes_count" -> {
                noKeys(path, next);
                yield new Node.NumberLiteral(0L);
            }
            default -> throw invalid(path, next, ctx);
        };
    }

    private static Node.Value scope(Ast.Path path, List<Ast.Field> f, OttlContext ctx, EnumSet<Dependency> deps)
            throws OttlSyntaxException {
        noKeys(path, f.get(0));
        Ast.Field next = second(path, f, ctx);
        deps.add(Dependency.SCOPE);
        return switch (next.name()) {
            case "name" -> {
                noKeys(path, next);
                yield t -> t.scope.name();
            }
            case "version" -> {
                noKeys(path, next);
                yield t -> t.scope.version();
            }
            case "attributes" -> attributes(path, next, t -> t.scope.attributes());
            case "dropped_attributes_count" -> {
                noKeys(path, next);
                yield new Node.NumberLiteral(0L);
            }
            default -> throw invalid(path, next, ctx);
        };
    }

    private static Node.Value metric(Ast.Path path, List<Ast.Field> f, OttlContext ctx, EnumSet<Dependency> deps)
            throws OttlSyntaxException {
        Ast.Field field = f.get(0);
        if (f.size() > 1) {
            throw invalid(path, f.get(1), ctx);
        }
        deps.add(Dependency.METRIC);
        Node.Value v = switch (field.name()) {
            case "name" -> t -> t.metric.name();
            case "description" -> t -> t.metric.description();
            case "unit" -> t -> t.metric.unit();
            case "type" -> t -> (long) t.metric.type().ordinal();
            case "aggregation_temporality" -> t -> hasTemporality(t.metric)
                    ? (Object) (long) t.metric.temporality().ordinal() : null;
            case "is_monotonic" -> t -> t.metric.type() == MetricType.SUM ? (Object) t.metric.isMonotonic() : null;
            case "data_points" -> throw unsupported(path, field);
            default -> throw invalid(path, field, ctx);
        };
        noKeys(path, field);
        return v;
    }

    private static boolean hasTemporality(Metric m) {
        MetricType type = m.type();
        return type == MetricType.SUM || type == MetricType.HISTOGRAM || type == MetricType.EXPONENTIAL_HISTOGRAM;
    }

    private static Node.Value dataPoint(Ast.Path path, List<Ast.Field> f, OttlContext ctx, EnumSet<Dependency> deps)
            throws OttlSyntaxException {
        Ast.Field field = f.get(0);
        if (f.size() > 1) {
            throw invalid(path, f.get(1), ctx);
        }
        deps.add(Dependency.DATAPOINT);
        if (field.name().equals("attributes")) {
            return attributes(path, field, t -> t.metric.points().attributes(t.point));
        }
        PointField.F which = switch (field.name()) {
            case "value_double" -> PointField.F.VALUE_DOUBLE;
            case "value_int" -> PointField.F.VALUE_INT;
            case "count" -> PointField.F.COUNT;
            case "sum" -> PointField.F.SUM;
            case "flags" -> PointField.F.FLAGS;
            case "time_unix_nano" -> PointField.F.TIME;
            case "start_time_unix_nano" -> PointField.F.START_TIME;
            case "start_time", "time", "exemplars", "bucket_counts", "explicit_bounds", "scale", "zero_count",
                 "positive", "negative", "quantile_values" -> throw unsupported(path, field);
            default -> throw invalid(path, field, ctx);
        };
        noKeys(path, field);
        return new PointField(which);
    }

    /** A getter of attributes, or of one attribute when the field has keys. */
    static Node.Value attributes(Ast.Path path, Ast.Field field, Function<Target, Attributes> source)
            throws OttlSyntaxException {
        List<Ast.Key> keys = field.keys();
        if (keys.isEmpty()) {
            return source::apply;
        }
        if (!(keys.get(0).value() instanceof String key)) {
            throw new OttlSyntaxException(keys.get(0).column(),
                    "path \"" + path.text() + "\": attributes can only be indexed by a string key");
        }
        List<Ast.Key> rest = keys.subList(1, keys.size());
        if (rest.isEmpty()) {
            return t -> source.apply(t).get(key);
        }
        return t -> Indexing.index(source.apply(t).get(key), rest);
    }

    static Ast.Field second(Ast.Path path, List<Ast.Field> f, OttlContext ctx) throws OttlSyntaxException {
        if (f.size() < 2) {
            throw new OttlSyntaxException(path.column(), "path \"" + path.text()
                    + "\" is not supported: name one of its fields, e.g. " + f.get(0).name() + ".attributes[\"key\"]");
        }
        if (f.size() > 2) {
            throw invalid(path, f.get(2), ctx);
        }
        return f.get(1);
    }

    static void noKeys(Ast.Path path, Ast.Field field) throws OttlSyntaxException {
        if (!field.keys().isEmpty()) {
            throw new OttlSyntaxException(field.keys().get(0).column(),
                    "path \"" + path.text() + "\": \"" + field.name() + "\" cannot be indexed");
        }
    }

    static OttlSyntaxException invalid(Ast.Path path, Ast.Field field, OttlContext ctx) {
        return new OttlSyntaxException(field.column(), "segment \"" + field.name() + "\" from path \"" + path.text()
                + "\" is not a valid path nor a valid OTTL keyword for the " + ctx.displayName
                + " context - review " + DOC + ctx.docPackage + " to see all valid paths");
    }

    static OttlSyntaxException unsupported(Ast.Path path, Ast.Field field) {
        return new OttlSyntaxException(field.column(), "path \"" + path.text() + "\" is valid OTTL but not supported by meshlens");
    }

    /** A numeric field of the current data point, read without boxing. */
    static final class PointField implements Node.Numeric {
        enum F { VALUE_DOUBLE, VALUE_INT, COUNT, SUM, FLAGS, TIME, START_TIME }

        private final F f;

        PointField(F f) {
            this.f = f;
        }

        @Override
        public boolean isDouble() {
            return f == F.VALUE_DOUBLE || f == F.SUM;
        }

        @Override
        public boolean present(Target t) {
            DataPoints p = t.metric.points();
            return switch (f) {
                case VALUE_DOUBLE, VALUE_INT -> p instanceof NumberPoints;
                case COUNT, SUM -> !(p instanceof NumberPoints);
                default -> true;
            };
        }

        @Override
        public long asLong(Target t) {
            DataPoints p = t.metric.points();
            int i = t.point;
            return switch (f) {
                case VALUE_INT -> {
                    NumberPoints n = (NumberPoints) p;
                    yield n.isInt(i) ? n.intValue(i) : 0L;
                }
                case COUNT -> switch (p) {
                    case HistogramPoints h -> h.count(i);
                    case SummaryPoints s -> s.count(i);
                    case ExponentialHistogramPoints e -> e.count(i);
                    default -> 0L;
                };
                // Only OTLP's DataPointFlags; the model keeps has-sum/min/max bits above them.
                case FLAGS -> p.flags(i) & 0xFF;
                case TIME -> p.timeNanos(i);
                case START_TIME -> p.startTimeNanos(i);
                default -> (long) asDouble(t);
            };
        }

        @Override
        public double asDouble(Target t) {
            DataPoints p = t.metric.points();
            int i = t.point;
            return switch (f) {
                case VALUE_DOUBLE -> {
                    NumberPoints n = (NumberPoints) p;
                    yield n.isInt(i) ? 0.0 : n.value(i);
                }
                case SUM -> switch (p) {
                    case HistogramPoints h -> h.sum(i);
                    case SummaryPoints s -> s.sum(i);
                    case ExponentialHistogramPoints e -> e.sum(i);
                    default -> 0.0;
                };
                default -> asLong(t);
            };
        }
    }
}

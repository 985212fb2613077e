package io.meshlens.processor.filter;

import com.google.re2j.PatternSyntaxException;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.ottl.Condition;
import io.meshlens.ottl.OttlContext;
import io.meshlens.ottl.OttlSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Factory of the {@code filter} processor. Conditions are compiled here, at config load, so a
 * syntax error is a config error pointing at the condition's line plus the column inside it, and
 * the processor never parses anything at run time.
 */
public final class FilterProcessorFactory implements ProcessorFactory<FilterConfig> {
    @Override
    public String type() {
        return "filter";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "drops metrics, data points or spans matching OTTL conditions";
    }

    @Override
    public FilterConfig parseConfig(ConfigReader r) {
        ErrorMode errorMode = ErrorMode.parse(r.oneOf("error_mode", "propagate", "propagate", "ignore", "silent"));

        ConfigReader metrics = r.child("metrics");
        List<FilterCondition> metric = conditions(metrics, "metric", OttlContext.METRIC);
        List<FilterCondition> datapoint = conditions(metrics, "datapoint", OttlContext.DATAPOINT);
        LegacyMatch include = metrics.has("include") ? legacy(metrics.child("include")) : null;
        LegacyMatch exclude = metrics.has("exclude") ? legacy(metrics.child("exclude")) : null;
        metrics.ignore("include", "exclude");
        regexpOptions(metrics.child("regexp"));
        if ((metrics.has("metric") || metrics.has("datapoint")) && (metrics.has("include") || metrics.has("exclude"))) {
            metrics.error("cannot use \"metrics.metric\", \"metrics.datapoint\" and the settings \"metrics.include\", "
                    + "\"metrics.exclude\" at the same time");
        }
        metrics.finish();

        ConfigReader traces = r.child("traces");
        List<FilterCondition> span = conditions(traces, "span", OttlContext.SPAN);
        unsupported(traces, "spanevent", "span event conditions are not supported by meshlens");
        unsupported(traces, "resource", "resource conditions are not supported by meshlens; "
                + "use resource.attributes[...] in traces.span");
        traces.finish();
        unsupported(r, "spans", "the legacy spans.include/exclude form is not supported by meshlens; use traces.span");
        unsupported(r, "logs", "logs are not supported by meshlens");
        r.finish();
        return new FilterConfig(errorMode, metric, datapoint, include, exclude, span);
    }

    /** Compiles each condition of the list at {@code key}; a bad one is an error at its list item. */
    private static List<FilterCondition> conditions(ConfigReader r, String key, OttlContext ctx) {
        ConfigNode n = r.raw(key);
        List<FilterCondition> out = new ArrayList<>();
        if (n == null || n instanceof ConfigNode.ScalarNode s && s.isNull()) {
            return out;
        }
        if (!(n instanceof ConfigNode.ListNode list)) {
            r.errors().error(n.mark(), r.component(), r.qualified(key) + ": expected a list of conditions");
            return out;
        }
        for (int i = 0; i < list.items().size(); i++) {
            ConfigNode item = list.items().get(i);
            if (!(item instanceof ConfigNode.ScalarNode s) || s.isNull()) {
                r.errors().error(item.mark(), r.component(), r.qualified(key) + ": condition " + (i + 1)
                        + ": expected a string");
                continue;
            }
            try {
                out.add(new FilterCondition(s.text(), s.mark(), Condition.parse(s.text(), ctx)));
            } catch (OttlSyntaxException e) {
                r.errors().error(s.mark(), r.component(), r.qualified(key) + ": condition " + (i + 1) + ", column "
                        + e.column() + ": " + e.detail());
            }
        }
        return out;
    }

    private static LegacyMatch legacy(ConfigReader m) {
        String matchType = m.string("match_type", "");
        LegacyMatch.MatchType type = switch (matchType) {
            case "strict" -> LegacyMatch.MatchType.STRICT;
            case "regexp" -> LegacyMatch.MatchType.REGEXP;
            case "expr" -> {
                m.error("match_type", m.qualified("match_type") + ": \"expr\" is not supported by meshlens; "
                        + "use OTTL conditions (metrics.metric / metrics.datapoint)");
                yield null;
            }
            default -> {
                m.error("match_type", m.qualified("match_type") + ": unrecognized match_type: '" + matchType
                        + "', valid types are: [regexp strict]");
                yield null;
            }
        };
        List<String> names = m.stringList("metric_names");
        List<LegacyMatch.ResourceAttribute> attrs = new ArrayList<>();
        for (ConfigReader a : m.childList("resource_attributes")) {
            attrs.add(new LegacyMatch.ResourceAttribute(a.requiredString("key"), a.string("value", "")));
            a.finish();
        }
        regexpOptions(m.child("regexp"));
        unsupported(m, "expressions", "expressions need match_type expr, which meshlens does not support");
        m.finish();
        if (type == null) {
            return null;
        }
        try {
            return new LegacyMatch(type, names, attrs);
        } catch (PatternSyntaxException e) {
            m.error("metric_names", m.qualified("metric_names") + ": invalid regexp: " + e.getMessage());
            return null;
        }
    }

    /** The filterset regexp cache options: accepted for compatibility; meshlens always memoizes. */
    private static void regexpOptions(ConfigReader r) {
        r.bool("cacheenabled", false);
        r.integer("cachemaxnumentries", 0);
        r.finish();
    }

    private static void unsupported(ConfigReader r, String key, String message) {
        if (r.has(key)) {
            r.error(key, r.qualified(key) + ": " + message);
        }
        r.ignore(key);
    }

    @Override
    public MetricsProcessor createMetrics(CreateSettings settings, FilterConfig config, MetricsConsumer next) {
        return new FilterProcessor(settings, config, next);
    }

    @Override
    public TracesProcessor createTraces(CreateSettings settings, FilterConfig config, TracesConsumer next) {
        return new SpanFilterProcessor(settings, config, next);
    }
}

package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.Mark;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.ottl.Condition;
import io.meshlens.ottl.MetricNameTests;
import io.meshlens.ottl.OttlContext;
import io.meshlens.ottl.OttlEvalException;
import io.meshlens.ottl.OttlSyntaxException;
import io.meshlens.ottl.Target;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OTTL conditions of the filter processors of a config, read from the tree (so a filter whose
 * other settings are invalid is still analysed). Conditions that do not parse are left to the
 * validator.
 */
final class FilterConditions {
    /** One condition of {@code metrics.metric} or {@code metrics.datapoint}. */
    record Written(ComponentId filter, OttlContext context, String text, Mark mark) {
        List<MetricNameTests.Test> nameTests() {
            try {
                return MetricNameTests.of(text);
            } catch (OttlSyntaxException e) {
                return List.of();
            }
        }
    }

    private FilterConditions() {
    }

    static List<Written> of(LintContext ctx) {
        List<Written> out = new ArrayList<>();
        for (Map.Entry<ComponentId, ConfigNode.Entry> e : ctx.components("processors", "filter").entrySet()) {
            out.addAll(of(e.getKey(), e.getValue().value()));
        }
        return out;
    }

    static List<Written> of(ComponentId filter, ConfigNode body) {
        List<Written> out = new ArrayList<>();
        add(out, filter, OttlContext.METRIC, LintContext.at(body, "metrics", "metric"));
        add(out, filter, OttlContext.DATAPOINT, LintContext.at(body, "metrics", "datapoint"));
        return out;
    }

    private static void add(List<Written> out, ComponentId filter, OttlContext context, ConfigNode list) {
        for (ConfigNode item : LintContext.items(list)) {
            String text = LintContext.text(item);
            if (text != null) {
                out.add(new Written(filter, context, text, item.mark()));
            }
        }
    }

    /**
     * The metric names out of {@code names} that the metric-context conditions of {@code filter}
     * drop, evaluated on a gauge of that name with no attributes (as the synthetic scrape series are).
     * A condition that fails to compile or evaluate counts as false (it drops nothing), as with
     * {@code error_mode: ignore}.
     */
    static Set<String> drops(ComponentId filter, ConfigNode body, List<String> names) {
        List<Condition> conditions = new ArrayList<>();
        for (Written w : of(filter, body)) {
            if (w.context() != OttlContext.METRIC) {
                continue;
            }
            try {
                conditions.add(Condition.parse(w.text(), OttlContext.METRIC));
            } catch (OttlSyntaxException e) {
                // reported by the validator
            }
        }
        Set<String> dropped = new LinkedHashSet<>();
        Target t = new Target().at(Attributes.EMPTY, Scope.EMPTY);
        for (String name : names) {
            NumberPoints points = new NumberPoints();
            points.addDouble(Attributes.EMPTY, 0, 0, 1, 0);
            t.metric(Metric.gauge(name, "", "", points));
            for (Condition c : conditions) {
                try {
                    if (c.evaluate(t)) {
                        dropped.add(name);
                        break;
                    }
                } catch (OttlEvalException e) {
                    // treated as false
                }
            }
        }
        return dropped;
    }
}

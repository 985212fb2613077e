package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.service.ServiceConfig.PipelineConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * synthetic-series-survive: Prometheus appends {@code up} and the {@code scrape_*} series after
 * metric relabeling, so a {@code metric_relabel_configs} keep/drop meant to limit names never sees
 * them; they reach the exporters unless a filter processor in the pipeline drops them.
 */
final class SyntheticSeriesRule implements Rule {
    static final String ID = "synthetic-series-survive";

    /** The series every scrape adds (without report_extra_scrape_metrics). */
    static final List<String> SYNTHETIC = List.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        for (ScrapeConfigs.Scrape s : ScrapeConfigs.of(ctx)) {
            List<ScrapeConfigs.NameRule> rules = ScrapeConfigs.nameRules(s);
            if (rules.isEmpty()) {
                continue;
            }
            List<PipelineConfig> pipelines = ctx.pipelinesWithReceiver(s.receiver());
            Set<String> survivors = new LinkedHashSet<>();
            List<String> via = new ArrayList<>();
            for (PipelineConfig p : pipelines) {
                Set<String> left = new LinkedHashSet<>(SYNTHETIC);
                for (ComponentId proc : p.processors()) {
                    if (proc.type().equals("filter")) {
                        var body = LintContext.at(ctx.root, "processors", proc.toString());
                        left.removeAll(FilterConditions.drops(proc, body, List.copyOf(left)));
                    }
                }
                if (!left.isEmpty()) {
                    survivors.addAll(left);
                    via.add(p.id());
                }
            }
            if (pipelines.isEmpty() || survivors.isEmpty()) {
                continue;
            }
            ScrapeConfigs.NameRule first = rules.get(0);
            out.add(new Finding(ID, Severity.WARNING, first.node().mark(), s.component(),
                    "metric_relabel_configs (job " + s.job() + ") never sees the scrape's synthetic series, so "
                            + String.join(", ", survivors) + " are still exported by pipeline " + String.join(", ", via)
                            + " (and the exporter adds target_info).",
                    "If you do not want them, drop them with a filter processor in the pipeline, e.g. "
                            + "'name == \"up\" or IsMatch(name, \"^scrape_\")'."));
        }
    }
}

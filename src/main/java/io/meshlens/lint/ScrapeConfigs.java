package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.config.ConfigNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scrape configs of the config's {@code prometheus} receivers, read from the tree under
 * {@code receivers.prometheus*.config.scrape_configs}.
 * TODO(integration): read the prometheus receiver's typed config once it is merged.
 */
final class ScrapeConfigs {
    /** One scrape config of one receiver. */
    record Scrape(ComponentId receiver, String job, ConfigNode node) {
        String component() {
            return "receivers::" + receiver;
        }
    }

    /** One {@code metric_relabel_configs} rule that keeps or drops by {@code __name__} alone. */
    record NameRule(Scrape scrape, String action, String regex, ConfigNode node) {
    }

    private ScrapeConfigs() {
    }

    static List<Scrape> of(LintContext ctx) {
        List<Scrape> out = new ArrayList<>();
        for (Map.Entry<ComponentId, ConfigNode.Entry> e : ctx.components("receivers", "prometheus").entrySet()) {
            for (ConfigNode sc : LintContext.items(LintContext.at(e.getValue().value(), "config", "scrape_configs"))) {
                String job = LintContext.text(LintContext.at(sc, "job_name"));
                out.add(new Scrape(e.getKey(), job == null ? "" : job, sc));
            }
        }
        return out;
    }

    /** The keep/drop rules on {@code __name__} of a scrape config's metric_relabel_configs. */
    static List<NameRule> nameRules(Scrape s) {
        List<NameRule> out = new ArrayList<>();
        for (ConfigNode rc : LintContext.items(LintContext.at(s.node(), "metric_relabel_configs"))) {
            String action = LintContext.text(LintContext.at(rc, "action"));
            action = action == null ? "replace" : action.toLowerCase();
            List<ConfigNode> sources = LintContext.items(LintContext.at(rc, "source_labels"));
            boolean onName = sources.size() == 1 && "__name__".equals(LintContext.text(sources.get(0)));
            if ((action.equals("keep") || action.equals("drop")) && onName) {
                String regex = LintContext.text(LintContext.at(rc, "regex"));
                out.add(new NameRule(s, action, regex == null ? PromRegex.DEFAULT : regex, rc));
            }
        }
        return out;
    }
}

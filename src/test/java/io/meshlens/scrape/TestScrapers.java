package io.meshlens.scrape;

import io.meshlens.component.MetricsDropHint;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import io.meshlens.relabel.Labels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds a {@link TargetScraper} for one static target {@code h:1} the way {@code ScrapePool.sync} does. */
final class TestScrapers {
    private TestScrapers() {
    }

    /** @param extraConfig YAML added to the scrape config of job {@code j}, e.g. {@code sample_limit: 3} */
    static TargetScraper forJob(Path dir, String extraConfig) throws Exception {
        return forJob(dir, extraConfig, null);
    }

    /** @param dropHint what the pipeline drops whole (filter pushdown), or null */
    static TargetScraper forJob(Path dir, String extraConfig, MetricsDropHint dropHint) throws Exception {
        Path f = Files.writeString(dir.resolve("p.yaml"), """
                scrape_configs:
                  - job_name: j
                    static_configs: [{targets: ["h:1"]}]
                """ + extraConfig.indent(4));
        ConfigErrors errors = new ConfigErrors();
        PromConfig pc = PromConfig.parse(new ConfigReader(ConfigLoader.load(List.of(f), List.of(), Map.of()).root(), "t", errors));
        errors.throwIfErrors();
        ScrapeConfig sc = pc.scrapeConfigs().get(0);
        TargetLabels.Result r = TargetLabels.populate(Labels.of("__address__", "h:1"), Labels.empty(), sc.targetSettings());
        return new TargetScraper(Target.of(r, sc), "test", Map.of(), dropHint);
    }
}

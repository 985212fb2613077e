package io.meshlens.processor.filter;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.config.ConfigErrors;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.Metric;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.telemetry.Telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for filter processor tests: config from YAML text, settings, a recording consumer. */
final class FilterTesting {
    private FilterTesting() {
    }

    /** Parses {@code processors: {filter/test: <yaml>}} written to a temp file. */
    static FilterConfig config(Path dir, String sectionYaml) {
        try {
            Path f = Files.createTempFile(dir, "filter", ".yaml");
            String indented = sectionYaml.strip().lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
            Files.writeString(f, "processors:\n  filter/test:\n" + indented + "\n");
            ConfigErrors errors = new ConfigErrors();
            FilterConfig c = FilterConfigTest.load(f, "filter/test", errors);
            assertThat(errors.all()).isEmpty();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CreateSettings settings(Telemetry telemetry) {
        return new CreateSettings(new ComponentId("filter", "test"), Kind.PROCESSOR, "metrics/mesh", telemetry,
                Logger.getLogger("filter-test"));
    }

    /** Records what the processor forwards. */
    static final class Recorder implements MetricsConsumer {
        final List<MetricBatch> batches = new ArrayList<>();

        @Override
        public void consumeMetrics(MetricBatch batch) {
            batches.add(batch);
        }

        MetricBatch last() {
            assertThat(batches).isNotEmpty();
            return batches.get(batches.size() - 1);
        }
    }

    static List<String> names(MetricBatch b) {
        List<String> out = new ArrayList<>();
        for (ResourceMetrics rm : b.resources()) {
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    out.add(m.name());
                }
            }
        }
        return out;
    }
}

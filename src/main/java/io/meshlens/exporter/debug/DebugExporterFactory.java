package io.meshlens.exporter.debug;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;

import java.util.Set;

/** Factory of the {@code debug} exporter. */
public final class DebugExporterFactory implements ExporterFactory<DebugConfig> {
    @Override
    public String type() {
        return "debug";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "writes what it receives to the log (verbosity basic|normal|detailed)";
    }

    @Override
    public DebugConfig parseConfig(ConfigReader r) {
        DebugConfig d = DebugConfig.DEFAULT;
        Verbosity verbosity = r.parsed("verbosity", d.verbosity(), Verbosity::parse);
        int initial = r.int32("sampling_initial", d.samplingInitial());
        int thereafter = r.int32("sampling_thereafter", d.samplingThereafter());
        if (initial < 0) {
            r.error("sampling_initial", "sampling_initial must not be negative");
        }
        if (thereafter < 0) {
            r.error("sampling_thereafter", "sampling_thereafter must not be negative");
        }
        boolean internal = r.bool("use_internal_logger", d.useInternalLogger());
        r.finish();
        return new DebugConfig(verbosity, initial, thereafter, internal);
    }

    @Override
    public Exporter create(CreateSettings settings, DebugConfig config) {
        return new DebugExporter(settings, config);
    }
}

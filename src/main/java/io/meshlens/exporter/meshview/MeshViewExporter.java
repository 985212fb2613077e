package io.meshlens.exporter.meshview;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.Extension;
import io.meshlens.component.Host;
import io.meshlens.component.TracesConsumer;
import io.meshlens.extension.meshview.MeshViewExtension;
import io.meshlens.extension.meshview.SpanStore;
import io.meshlens.model.SpanBatch;

/**
 * Hands error spans to the span store of the {@code meshview} extension named in its config,
 * looked up among the host's started extensions — the Collector's way for a component to use an
 * extension (as exporters name their {@code auth} extension): explicit in the config, one store
 * per extension, no global state, and a wrong name fails at start with a message.
 */
final class MeshViewExporter implements Exporter, TracesConsumer {
    private final CreateSettings settings;
    private final MeshViewExporterConfig config;
    private volatile SpanStore store;

    MeshViewExporter(CreateSettings settings, MeshViewExporterConfig config) {
        this.settings = settings;
        this.config = config;
    }

    @Override
    public void start(Host host) {
        Extension ext = host.extensions().get(config.extension());
        if (!(ext instanceof MeshViewExtension mv)) {
            throw new IllegalStateException(settings.describe() + ": extension \"" + config.extension()
                    + "\" is not " + (ext == null ? "started; add it to extensions and to service.extensions"
                    : "a meshview extension"));
        }
        store = mv.spanStore();
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        SpanStore s = store;
        if (s != null) {
            s.add(batch);
        }
    }
}

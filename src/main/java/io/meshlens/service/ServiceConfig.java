package io.meshlens.service;

import io.meshlens.component.ComponentId;
import io.meshlens.component.Components;
import io.meshlens.component.Factory;
import io.meshlens.component.Kind;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.Mark;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A validated Collector config: every component's typed config, the pipelines and the service
 * settings. Built by {@link #parse}, which reports every problem of the tree at once.
 */
public record ServiceConfig(Map<ComponentId, ComponentConfig> receivers,
                            Map<ComponentId, ComponentConfig> processors,
                            Map<ComponentId, ComponentConfig> exporters,
                            Map<ComponentId, ComponentConfig> extensions,
                            List<PipelineConfig> pipelines,
                            List<ComponentId> serviceExtensions,
                            TelemetrySettings telemetry) {

    /** One configured component: its factory and the typed config the factory parsed. */
    public record ComponentConfig(ComponentId id, Kind kind, Factory<?> factory, Object config, Mark mark) {
    }

    /** One entry of service.pipelines, e.g. {@code metrics/mesh}. */
    public record PipelineConfig(String id, Signal signal, List<ComponentId> receivers, List<ComponentId> processors,
                                 List<ComponentId> exporters, Mark mark) {
        /** {@code metrics/mesh: prometheus/mesh → memory_limiter → batch → prometheusremotewrite}. */
        public String summary() {
            StringBuilder sb = new StringBuilder(id).append(": ").append(join(receivers));
            for (ComponentId p : processors) {
                sb.append(" → ").append(p);
            }
            return sb.append(" → ").append(join(exporters)).toString();
        }

        private static String join(List<ComponentId> ids) {
            return ids.stream().map(ComponentId::toString).collect(Collectors.joining(", "));
        }
    }

    /**
     * service.telemetry: where self-metrics are served (null address when level is none) and the log level.
     */
    public record TelemetrySettings(String metricsAddress, String metricsLevel, String logsLevel) {
        public static final TelemetrySettings DEFAULT = new TelemetrySettings("127.0.0.1:8888", "normal", "info");

        public boolean metricsEnabled() {
            return !"none".equals(metricsLevel);
        }
    }

    /**
     * Validates {@code root} against the factories of {@code components}. Problems go to
     * {@code errors} (errors and warnings); the result is only usable when it has no errors.
     */
    public static ServiceConfig parse(ConfigNode.MapNode root, Components components, ConfigErrors errors) {
        return new ServiceConfigParser(components, errors).parse(root);
    }

    public ComponentConfig component(Kind kind, ComponentId id) {
        return switch (kind) {
            case RECEIVER -> receivers.get(id);
            case PROCESSOR -> processors.get(id);
            case EXPORTER -> exporters.get(id);
            case EXTENSION -> extensions.get(id);
            case CONNECTOR -> null;
        };
    }
}

package io.meshlens.service;

import io.meshlens.component.ComponentId;
import io.meshlens.component.Components;
import io.meshlens.component.Factory;
import io.meshlens.component.Kind;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.config.Mark;
import io.meshlens.service.ServiceConfig.ComponentConfig;
import io.meshlens.service.ServiceConfig.PipelineConfig;
import io.meshlens.service.ServiceConfig.TelemetrySettings;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the config tree into a {@link ServiceConfig}, recording every problem with the position of
 * the offending name: unknown sections and types, component configs (via their factories), and the
 * cross-references of service.pipelines and service.extensions.
 */
final class ServiceConfigParser {
    private static final List<String> TOP_LEVEL =
            List.of("receivers", "processors", "exporters", "extensions", "connectors", "service");
    private static final List<Kind> COMPONENT_KINDS =
            List.of(Kind.RECEIVER, Kind.PROCESSOR, Kind.EXPORTER, Kind.EXTENSION);

    /** A component ID written in a list, with where it is written. */
    private record Ref(ComponentId id, Mark mark) {
    }

    private final Components components;
    private final ConfigErrors errors;
    /** Every syntactically valid ID per kind, known type or not (so a pipeline does not also call it undefined). */
    private final Map<Kind, Map<ComponentId, Mark>> defined = new EnumMap<>(Kind.class);
    private final Map<Kind, Map<ComponentId, ComponentConfig>> configs = new EnumMap<>(Kind.class);
    private final Map<Kind, Set<ComponentId>> used = new EnumMap<>(Kind.class);

    ServiceConfigParser(Components components, ConfigErrors errors) {
        this.components = components;
        this.errors = errors;
        for (Kind k : COMPONENT_KINDS) {
            defined.put(k, new LinkedHashMap<>());
            configs.put(k, new LinkedHashMap<>());
            used.put(k, new HashSet<>());
        }
    }

    ServiceConfig parse(ConfigNode.MapNode root) {
        for (Map.Entry<String, ConfigNode.Entry> e : root.entries().entrySet()) {
            if (!TOP_LEVEL.contains(e.getKey())) {
                errors.error(e.getValue().keyMark(), "", "unknown top-level key \"" + e.getKey() + "\" (valid keys: "
                        + String.join(", ", TOP_LEVEL) + ")");
            }
        }
        ConfigNode connectors = root.get("connectors");
        if (connectors != null && !isEmpty(connectors)) {
            errors.error(root.keyMark("connectors"), "", "connectors are not supported yet: "
                    + "remove the connectors section and wire receivers to pipelines directly");
        }
        for (Kind k : COMPONENT_KINDS) {
            section(root, k);
        }

        ConfigReader service = new ConfigReader(root.get("service"), "service", errors);
        Mark serviceMark = root.entries().containsKey("service") ? root.keyMark("service") : root.mark();
        List<PipelineConfig> pipelines = pipelines(service.raw("pipelines"),
                service.has("pipelines") ? service.mark("pipelines") : serviceMark);
        List<ComponentId> serviceExtensions = serviceExtensions(service.raw("extensions"));
        TelemetrySettings telemetry = telemetry(service.child("telemetry"));
        service.finish();
        warnUnused();

        return new ServiceConfig(configs.get(Kind.RECEIVER), configs.get(Kind.PROCESSOR), configs.get(Kind.EXPORTER),
                configs.get(Kind.EXTENSION), pipelines, serviceExtensions, telemetry);
    }

    private void section(ConfigNode.MapNode root, Kind kind) {
        ConfigNode node = root.get(kind.section());
        if (node == null || isEmpty(node)) {
            return;
        }
        if (!(node instanceof ConfigNode.MapNode map)) {
            errors.error(node.mark(), "", kind.section() + ": expected a mapping of component IDs to their config");
            return;
        }
        for (Map.Entry<String, ConfigNode.Entry> e : map.entries().entrySet()) {
            Mark at = e.getValue().keyMark();
            ComponentId id;
            try {
                id = ComponentId.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                errors.error(at, kind.section(), "invalid component ID \"" + e.getKey() + "\": " + ex.getMessage());
                continue;
            }
            defined.get(kind).put(id, at);
            Factory<?> factory = components.get(kind, id.type());
            if (factory == null) {
                String known = components.typeNames(kind);
                errors.error(at, kind.describe(id), "unknown " + singular(kind) + " type \"" + id.type()
                        + "\" (known types: " + (known.isEmpty() ? "none" : known) + ")");
                continue;
            }
            Object config = factory.parseConfig(new ConfigReader(bodyOf(e.getValue().value()), kind.describe(id), errors));
            configs.get(kind).put(id, new ComponentConfig(id, kind, factory, config, at));
        }
    }

    private List<PipelineConfig> pipelines(ConfigNode node, Mark mark) {
        List<PipelineConfig> out = new ArrayList<>();
        if (node == null || isEmpty(node)) {
            errors.error(mark, "service", "no pipelines: service.pipelines must define at least one pipeline");
            return out;
        }
        if (!(node instanceof ConfigNode.MapNode map)) {
            errors.error(node.mark(), "service", "pipelines: expected a mapping of pipeline IDs to pipelines");
            return out;
        }
        for (Map.Entry<String, ConfigNode.Entry> e : map.entries().entrySet()) {
            PipelineConfig p = pipeline(e.getKey(), e.getValue());
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private PipelineConfig pipeline(String name, ConfigNode.Entry entry) {
        Mark at = entry.keyMark();
        String component = "service::pipelines::" + name;
        ConfigReader r = new ConfigReader(entry.value(), component, errors);
        List<Ref> receivers = refs(r.raw("receivers"), component);
        List<Ref> processors = refs(r.raw("processors"), component);
        List<Ref> exporters = refs(r.raw("exporters"), component);
        r.finish();
        markUsed(Kind.RECEIVER, receivers);
        markUsed(Kind.PROCESSOR, processors);
        markUsed(Kind.EXPORTER, exporters);

        Signal signal = signal(name, at);
        if (signal == null) {
            return null;
        }
        if (receivers.isEmpty()) {
            errors.error(at, component, "must have at least one receiver");
        }
        if (exporters.isEmpty()) {
            errors.error(at, component, "must have at least one exporter");
        }
        checkRefs(Kind.RECEIVER, receivers, signal, component);
        checkRefs(Kind.PROCESSOR, processors, signal, component);
        checkRefs(Kind.EXPORTER, exporters, signal, component);
        return new PipelineConfig(name, signal, ids(receivers), ids(processors), ids(exporters), at);
    }

    /** The pipeline's signal, or null (after an error) when its ID is invalid or its signal unsupported. */
    private Signal signal(String name, Mark at) {
        ComponentId id;
        try {
            id = ComponentId.parse(name);
        } catch (IllegalArgumentException ex) {
            errors.error(at, "service::pipelines", "invalid pipeline ID \"" + name + "\": " + ex.getMessage());
            return null;
        }
        return switch (id.type()) {
            case "metrics" -> Signal.METRICS;
            case "traces" -> Signal.TRACES;
            case "logs" -> {
                errors.error(at, "service::pipelines::" + name,
                        "logs pipelines are not supported yet (supported: metrics, traces)");
                yield null;
            }
            default -> {
                errors.error(at, "service::pipelines::" + name, "unknown signal \"" + id.type()
                        + "\" (a pipeline ID is metrics[/name] or traces[/name])");
                yield null;
            }
        };
    }

    private void checkRefs(Kind kind, List<Ref> refs, Signal signal, String component) {
        Set<ComponentId> seen = new HashSet<>();
        for (Ref ref : refs) {
            String what = singular(kind) + " \"" + ref.id + "\"";
            if (!seen.add(ref.id)) {
                errors.error(ref.mark, component, "references " + what + " more than once; "
                        + "a component may appear only once in a pipeline's " + kind.section());
                continue;
            }
            if (!defined.get(kind).containsKey(ref.id)) {
                errors.error(ref.mark, component, "references " + what + " which is not configured under "
                        + kind.section());
                continue;
            }
            ComponentConfig c = configs.get(kind).get(ref.id);
            if (c != null && !c.factory().signals().contains(signal)) {
                errors.error(ref.mark, component, what + " does not support " + signal.id() + " (it supports: "
                        + c.factory().signals().stream().map(Signal::id).sorted().collect(Collectors.joining(", "))
                        + ")");
            }
        }
    }

    private List<ComponentId> serviceExtensions(ConfigNode node) {
        String component = "service::extensions";
        List<Ref> refs = refs(node, component);
        markUsed(Kind.EXTENSION, refs);
        List<ComponentId> out = new ArrayList<>();
        Set<ComponentId> seen = new HashSet<>();
        for (Ref ref : refs) {
            if (!seen.add(ref.id)) {
                errors.error(ref.mark, component, "references extension \"" + ref.id + "\" more than once");
            } else if (!defined.get(Kind.EXTENSION).containsKey(ref.id)) {
                errors.error(ref.mark, component, "references extension \"" + ref.id
                        + "\" which is not configured under extensions");
            } else {
                out.add(ref.id);
            }
        }
        return out;
    }

    private TelemetrySettings telemetry(ConfigReader t) {
        TelemetrySettings d = TelemetrySettings.DEFAULT;
        ConfigReader metrics = t.child("metrics");
        String level = metrics.oneOf("level", d.metricsLevel(), "none", "basic", "normal", "detailed");
        String address = metrics.parsed("address", d.metricsAddress(), s -> HostPort.parse(s).toString());
        metrics.finish();
        ConfigReader logs = t.child("logs");
        String logLevel = logs.parsed("level", d.logsLevel(), ServiceConfigParser::logLevel);
        logs.finish();
        t.finish();
        return new TelemetrySettings(address, level, logLevel);
    }

    private static String logLevel(String s) {
        String l = s.toLowerCase();
        if (!List.of("debug", "info", "warn", "error").contains(l)) {
            throw new IllegalArgumentException("\"" + s + "\" is not one of debug, info, warn, error");
        }
        return l;
    }

    private void warnUnused() {
        for (Kind kind : COMPONENT_KINDS) {
            for (Map.Entry<ComponentId, ComponentConfig> e : configs.get(kind).entrySet()) {
                if (used.get(kind).contains(e.getKey())) {
                    continue;
                }
                String message = switch (kind) {
                    case RECEIVER -> "is in no pipeline, so it receives nothing and will not be started";
                    case EXTENSION -> "defined but not enabled in service.extensions; it will not be started";
                    default -> "defined but not used in any pipeline";
                };
                errors.warning(e.getValue().mark(), kind.describe(e.getKey()), message);
            }
        }
    }

    /** The IDs of a list of component names; non-strings and invalid IDs are errors at the item. */
    private List<Ref> refs(ConfigNode node, String component) {
        List<Ref> out = new ArrayList<>();
        if (node == null || isEmpty(node)) {
            return out;
        }
        if (!(node instanceof ConfigNode.ListNode list)) {
            errors.error(node.mark(), component, "expected a list of component IDs");
            return out;
        }
        for (ConfigNode item : list.items()) {
            if (!(item instanceof ConfigNode.ScalarNode s) || s.isNull()) {
                errors.error(item.mark(), component, "expected a component ID");
                continue;
            }
            try {
                out.add(new Ref(ComponentId.parse(s.text()), s.mark()));
            } catch (IllegalArgumentException ex) {
                errors.error(s.mark(), component, "invalid component ID \"" + s.text() + "\": " + ex.getMessage());
            }
        }
        return out;
    }

    private void markUsed(Kind kind, List<Ref> refs) {
        for (Ref r : refs) {
            used.get(kind).add(r.id);
        }
    }

    private static List<ComponentId> ids(List<Ref> refs) {
        return refs.stream().map(Ref::id).toList();
    }

    /** {@code batch:} with nothing after it means "all defaults", whether YAML gave null or an empty string. */
    private static ConfigNode bodyOf(ConfigNode n) {
        return n instanceof ConfigNode.ScalarNode s && (s.isNull() || s.text().isEmpty()) ? null : n;
    }

    private static boolean isEmpty(ConfigNode n) {
        return n instanceof ConfigNode.ScalarNode s && (s.isNull() || s.text().isEmpty())
                || n instanceof ConfigNode.MapNode m && m.entries().isEmpty();
    }

    /** "receiver" for receivers, as in "unknown receiver type". */
    static String singular(Kind kind) {
        return kind.section().substring(0, kind.section().length() - 1);
    }
}

package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.Mark;
import io.meshlens.service.ServiceConfig;
import io.meshlens.service.ServiceConfig.PipelineConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a rule reads: the loaded tree (with marks), the files as written, the validator's
 * result and findings, the options and the metric catalog. Rules read raw nodes rather than typed
 * configs, so a component whose config does not validate is still linted.
 */
final class LintContext {
    final ConfigNode.MapNode root;
    final RawYaml raw;
    final ServiceConfig service;
    final ConfigErrors validation;
    final LintOptions options;
    final MetricCatalog catalog;

    LintContext(ConfigNode.MapNode root, RawYaml raw, ServiceConfig service, ConfigErrors validation,
                LintOptions options, MetricCatalog catalog) {
        this.root = root;
        this.raw = raw;
        this.service = service;
        this.validation = validation;
        this.options = options;
        this.catalog = catalog;
    }

    /** The node at {@code path} below {@code from} (map keys, or list indexes as numbers), or null. */
    static ConfigNode at(ConfigNode from, String... path) {
        ConfigNode n = from;
        for (String p : path) {
            if (n instanceof ConfigNode.MapNode m) {
                n = m.get(p);
            } else if (n instanceof ConfigNode.ListNode l && p.matches("\\d+") && Integer.parseInt(p) < l.items().size()) {
                n = l.items().get(Integer.parseInt(p));
            } else {
                return null;
            }
        }
        return n;
    }

    /** The string of a scalar, or null. */
    static String text(ConfigNode n) {
        return n instanceof ConfigNode.ScalarNode s && !s.isNull() ? s.text() : null;
    }

    static List<ConfigNode> items(ConfigNode n) {
        return n instanceof ConfigNode.ListNode l ? l.items() : List.of();
    }

    /** The components configured in a section ("receivers", ...) whose type is {@code type}, in file order. */
    Map<ComponentId, ConfigNode.Entry> components(String section, String type) {
        Map<ComponentId, ConfigNode.Entry> out = new LinkedHashMap<>();
        if (root.get(section) instanceof ConfigNode.MapNode m) {
            m.entries().forEach((k, e) -> {
                ComponentId id = parseId(k);
                if (id != null && (type == null || id.type().equals(type))) {
                    out.put(id, e);
                }
            });
        }
        return out;
    }

    /** The pipelines the validator understood (IDs with a supported signal). */
    List<PipelineConfig> pipelines() {
        return service == null ? List.of() : service.pipelines();
    }

    List<PipelineConfig> pipelinesWithReceiver(ComponentId receiver) {
        List<PipelineConfig> out = new ArrayList<>();
        for (PipelineConfig p : pipelines()) {
            if (p.receivers().contains(receiver)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Where {@code id} is written in the pipeline's list (e.g. its processors), else the pipeline's key. */
    Mark refMark(PipelineConfig p, String list, ComponentId id) {
        for (ConfigNode item : items(at(root, "service", "pipelines", p.id(), list))) {
            if (id.toString().equals(text(item))) {
                return item.mark();
            }
        }
        return p.mark();
    }

    static ComponentId parseId(String s) {
        try {
            return ComponentId.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.config.ConfigNode;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * datasource-mixup: the meshview extension compares the mesh layer (mesh datasource) with the app
 * layer (app datasource). Pointing both at the same backend — easy when both are Prometheus-type —
 * makes every side-by-side panel compare a source with itself.
 */
final class DatasourceMixupRule implements Rule {
    static final String ID = "datasource-mixup";

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        for (Map.Entry<ComponentId, ConfigNode.Entry> e : ctx.components("extensions", "meshview").entrySet()) {
            ConfigNode mesh = urlNode(LintContext.at(e.getValue().value(), "datasources", "mesh"));
            ConfigNode app = urlNode(LintContext.at(e.getValue().value(), "datasources", "app"));
            String m = LintContext.text(mesh);
            String a = LintContext.text(app);
            if (m == null || a == null || !normalize(m).equals(normalize(a))) {
                continue;
            }
            out.add(new Finding(ID, Severity.ERROR, app.mark(), "extensions::" + e.getKey(),
                    "The mesh and app datasources are the same URL (" + a + "), so every mesh-vs-app view compares "
                            + "one backend with itself.",
                    "Point datasources.mesh at the backend the mesh pipeline writes to (e.g. VictoriaMetrics) and "
                            + "datasources.app at the application metrics backend (e.g. Prometheus)."));
        }
    }

    /** A datasource is written as its URL, or as a mapping with {@code url} (or {@code endpoint}). */
    private static ConfigNode urlNode(ConfigNode ds) {
        if (ds instanceof ConfigNode.MapNode m) {
            return m.get("url") != null ? m.get("url") : m.get("endpoint");
        }
        return ds;
    }

    /** Same backend despite cosmetic differences: case of scheme/host, a trailing slash. */
    static String normalize(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = URI.create(u);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                        + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null ? "" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            }
        } catch (IllegalArgumentException ignored) {
            // not a URL: compare as written
        }
        return u;
    }
}

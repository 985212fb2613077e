package io.meshlens.extension.meshview;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Extension;
import io.meshlens.component.ExtensionFactory;
import io.meshlens.config.ConfigReader;
import io.meshlens.service.HostPort;

import java.net.URI;
import java.time.Duration;

/** Factory of the {@code meshview} extension. */
public final class MeshViewExtensionFactory implements ExtensionFactory<MeshViewConfig> {
    @Override
    public String type() {
        return "meshview";
    }

    @Override
    public String description() {
        return "web page + JSON API: mesh golden metrics, edges with hidden gRPC failures, mesh vs app p99, "
                + "cardinality per stage";
    }

    @Override
    public MeshViewConfig parseConfig(ConfigReader r) {
        MeshViewConfig d = MeshViewConfig.DEFAULT;
        String endpoint = r.parsed("endpoint", d.endpoint(), s -> {
            HostPort.parse(s);
            return s;
        });
        String mesh = d.meshDatasource();
        String app = d.appDatasource();
        if (r.has("datasources")) {
            ConfigReader ds = r.child("datasources");
            mesh = ds.parsed("mesh", mesh, MeshViewExtensionFactory::httpUrl);
            app = ds.parsed("app", app, MeshViewExtensionFactory::httpUrl);
            ds.finish();
        } else {
            r.ignore("datasources");
        }
        Duration refresh = positive(r, "refresh_interval", d.refreshInterval());
        Duration window = positive(r, "window", d.window());
        String traceUi = r.string("trace_ui_url", d.traceUiUrl());
        if (!traceUi.isEmpty() && !traceUi.contains("{trace_id}")) {
            r.error("trace_ui_url", "trace_ui_url: must contain {trace_id}, e.g. http://jaeger:16686/trace/{trace_id}");
            traceUi = "";
        }
        int maxSpans = d.maxSpans();
        if (r.has("traces")) {
            ConfigReader t = r.child("traces");
            maxSpans = t.int32("max_spans", maxSpans);
            if (maxSpans < 1) {
                t.error("max_spans", t.qualified("max_spans") + ": must be at least 1, got " + maxSpans);
                maxSpans = d.maxSpans();
            }
            t.finish();
        } else {
            r.ignore("traces");
        }
        MeshViewConfig.Latency latency = d.latency();
        if (r.has("latency")) {
            ConfigReader l = r.child("latency");
            latency = new MeshViewConfig.Latency(l.string("app_metric", latency.appMetric()),
                    l.string("deployment", latency.deployment()), positive(l, "range", latency.range()));
            l.finish();
        } else {
            r.ignore("latency");
        }
        r.finish();
        return new MeshViewConfig(endpoint, mesh, app, refresh, window, traceUi, maxSpans, latency);
    }

    private static Duration positive(ConfigReader r, String key, Duration def) {
        Duration v = r.duration(key, def);
        if (v.isNegative() || v.isZero()) {
            r.error(key, r.qualified(key) + ": must be positive, got " + v);
            return def;
        }
        return v;
    }

    private static String httpUrl(String s) {
        URI u = URI.create(s);
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException("\"" + s + "\" is not an http(s) URL such as http://127.0.0.1:8428");
        }
        return s;
    }

    @Override
    public Extension create(CreateSettings settings, MeshViewConfig config) {
        return new MeshViewExtension(settings, config);
    }
}

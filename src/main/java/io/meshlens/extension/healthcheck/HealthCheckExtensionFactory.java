package io.meshlens.extension.healthcheck;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Extension;
import io.meshlens.component.ExtensionFactory;
import io.meshlens.config.ConfigReader;
import io.meshlens.service.HostPort;

/** Factory of the {@code health_check} extension. */
public final class HealthCheckExtensionFactory implements ExtensionFactory<HealthCheckConfig> {
    @Override
    public String type() {
        return "health_check";
    }

    @Override
    public String description() {
        return "HTTP 200 once every pipeline has started, 503 before and while shutting down";
    }

    @Override
    public HealthCheckConfig parseConfig(ConfigReader r) {
        HealthCheckConfig d = HealthCheckConfig.DEFAULT;
        String endpoint = r.parsed("endpoint", d.endpoint(), s -> {
            HostPort.parse(s);
            return s;
        });
        String path = r.string("path", d.path());
        if (!path.startsWith("/")) {
            r.error("path", "path: must start with \"/\", got \"" + path + "\"");
            path = d.path();
        }
        HealthCheckConfig.ResponseBody body = null;
        if (r.has("response_body")) {
            ConfigReader b = r.child("response_body");
            body = new HealthCheckConfig.ResponseBody(b.string("healthy", ""), b.string("unhealthy", ""));
            b.finish();
        } else {
            r.ignore("response_body");
        }
        if (r.has("check_collector_pipeline")) {
            r.warning("check_collector_pipeline", "check_collector_pipeline is deprecated and has no effect "
                    + "(as in the Collector); remove it");
        }
        r.ignore("check_collector_pipeline");
        r.finish();
        return new HealthCheckConfig(endpoint, path, body);
    }

    @Override
    public Extension create(CreateSettings settings, HealthCheckConfig config) {
        return new HealthCheckExtension(settings, config);
    }
}

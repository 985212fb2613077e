package io.meshlens.processor.resourcedetection;

import io.meshlens.model.Attributes;
import io.meshlens.processor.resourcedetection.ResourceDetectionConfig.SystemConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code system} detector: {@code host.name} from the first {@code hostname_sources} entry
 * that answers (default dns, then os), {@code os.type}, and the optional attributes switched on in
 * {@code resource_attributes} ({@code host.id} from the machine id, {@code host.arch}, ...).
 */
final class SystemDetector implements Detector {
    private static final Logger LOG = Logger.getLogger(SystemDetector.class.getName());

    private final SystemConfig config;
    private final HostInfo host;

    SystemDetector(SystemConfig config, HostInfo host) {
        this.config = config;
        this.host = host;
    }

    @Override
    public String name() {
        return "system";
    }

    @Override
    public Attributes detect() throws Exception {
        Attributes.Builder b = Attributes.builder();
        if (config.enabled("os.type")) {
            b.put("os.type", host.osType());
        }
        if (config.enabled("os.description")) {
            b.put("os.description", host.osDescription());
        }
        if (config.enabled("host.arch")) {
            b.put("host.arch", host.arch());
        }
        if (config.enabled("host.id")) {
            try {
                b.put("host.id", host.machineId());
            } catch (Exception e) {
                LOG.warning("system detector: host.id not set: " + e.getMessage());
            }
        }
        if (config.enabled("host.ip")) {
            b.put("host.ip", List.copyOf(host.ips()));
        }
        if (config.enabled("host.mac")) {
            b.put("host.mac", List.copyOf(host.macs()));
        }
        List<String> failures = new ArrayList<>();
        for (String source : config.hostnameSources()) {
            try {
                String name = host.hostname(source);
                if (config.enabled("host.name")) {
                    b.put("host.name", name);
                }
                return b.build();
            } catch (Exception e) {
                failures.add(source + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("all hostname sources failed to get hostname " + failures);
    }
}

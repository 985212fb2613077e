package io.meshlens.processor.resourcedetection;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code resourcedetection} processor config (contrib {@code resourcedetectionprocessor}, v0.118).
 *
 * @param detectors  detector names in priority order: on conflicting keys the earlier one wins
 * @param timeout    how long detection may take at start (retries included)
 * @param override   detected values replace attributes already on the data (true) or only fill gaps
 * @param attributes deprecated allowlist of detected keys to add (empty: all)
 */
public record ResourceDetectionConfig(List<String> detectors, Duration timeout, boolean override,
                                      List<String> attributes, SystemConfig system, K8sNodeConfig k8snode) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final List<String> SUPPORTED = List.of("env", "system", "k8snode");

    public ResourceDetectionConfig {
        detectors = List.copyOf(detectors);
        attributes = List.copyOf(attributes);
    }

    /** {@code system:} detector settings. */
    public record SystemConfig(List<String> hostnameSources, Map<String, Boolean> resourceAttributes) {
        public static final List<String> DEFAULT_HOSTNAME_SOURCES = List.of("dns", "os");
        public static final List<String> HOSTNAME_SOURCES = List.of("dns", "os", "cname", "lookup");

        public SystemConfig {
            hostnameSources = List.copyOf(hostnameSources);
            resourceAttributes = Map.copyOf(resourceAttributes);
        }

        public boolean enabled(String attribute) {
            return resourceAttributes.get(attribute);
        }
    }

    /** {@code k8snode:} detector settings. */
    public record K8sNodeConfig(String authType, String context, String nodeFromEnvVar,
                                Map<String, Boolean> resourceAttributes) {
        public static final String DEFAULT_NODE_ENV_VAR = "K8S_NODE_NAME";

        public K8sNodeConfig {
            resourceAttributes = Map.copyOf(resourceAttributes);
        }

        public boolean enabled(String attribute) {
            return resourceAttributes.get(attribute);
        }
    }
}

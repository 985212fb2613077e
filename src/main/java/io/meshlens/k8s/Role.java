package io.meshlens.k8s;

/** The Kubernetes SD roles meshlens implements (Prometheus's {@code role} values). */
public enum Role {
    POD("pod"), NODE("node"), SERVICE("service"), ENDPOINTS("endpoints"), ENDPOINTSLICE("endpointslice");

    private final String configName;

    Role(String configName) {
        this.configName = configName;
    }

    /** The name as written in a config ({@code endpointslice}). */
    public String configName() {
        return configName;
    }

    /** The role written {@code name} in a config, or null when unknown. */
    public static Role fromConfig(String name) {
        for (Role r : values()) {
            if (r.configName.equals(name)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return configName;
    }
}

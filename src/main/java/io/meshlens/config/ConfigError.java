package io.meshlens.config;

/**
 * One problem found in a config: where, which component (e.g. {@code processors::filter/mesh},
 * may be empty) and what. Printed as {@code mesh.yaml:14:7: processors::filter/mesh: unknown key "metric"}.
 */
public record ConfigError(Mark mark, String component, String message, Severity severity) {
    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(mark).append(": ");
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        if (component != null && !component.isEmpty()) {
            sb.append(component).append(": ");
        }
        return sb.append(message).toString();
    }
}

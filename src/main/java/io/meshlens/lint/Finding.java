package io.meshlens.lint;

import io.meshlens.config.Mark;

/**
 * One lint finding: which rule, how bad, where (file:line:col of the offending value), which
 * component, one sentence of what will happen and one of what to do.
 */
public record Finding(String rule, Severity severity, Mark mark, String component, String what, String fix) {
    /** {@code mesh.yaml:35:45: warning [unanchored-ismatch] processors::filter/mesh: ... Fix: ...}. */
    public String toText() {
        StringBuilder sb = new StringBuilder().append(mark).append(": ").append(severity.label())
                .append(" [").append(rule).append("] ");
        if (component != null && !component.isEmpty()) {
            sb.append(component).append(": ");
        }
        return sb.append(what).append("\n    fix: ").append(fix).toString();
    }
}

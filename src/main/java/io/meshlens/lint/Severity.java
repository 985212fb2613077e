package io.meshlens.lint;

/** How bad a finding is: an error makes the config fail or silently do the wrong thing; a warning probably does. */
public enum Severity {
    ERROR, WARNING;

    String label() {
        return name().toLowerCase();
    }
}

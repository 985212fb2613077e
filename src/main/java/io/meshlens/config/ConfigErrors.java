package io.meshlens.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every error and warning of a load, so a user sees all problems of a file at once, in
 * file order.
 */
public final class ConfigErrors {
    private final List<ConfigError> all = new ArrayList<>();

    public void error(Mark mark, String component, String message) {
        all.add(new ConfigError(mark, component, message, ConfigError.Severity.ERROR));
    }

    public void warning(Mark mark, String component, String message) {
        all.add(new ConfigError(mark, component, message, ConfigError.Severity.WARNING));
    }

    public void addAll(ConfigErrors other) {
        all.addAll(other.all);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(e -> e.severity() == ConfigError.Severity.ERROR);
    }

    public List<ConfigError> errors() {
        return sorted(ConfigError.Severity.ERROR);
    }

    public List<ConfigError> warnings() {
        return sorted(ConfigError.Severity.WARNING);
    }

    public List<ConfigError> all() {
        return all.stream().sorted(ORDER).toList();
    }

    /** Throws {@link ConfigException} listing all errors, if there are any. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new ConfigException(errors());
        }
    }

    private List<ConfigError> sorted(ConfigError.Severity s) {
        return all.stream().filter(e -> e.severity() == s).sorted(ORDER).toList();
    }

    private static final Comparator<ConfigError> ORDER = Comparator
            .comparing((ConfigError e) -> e.mark().source())
            .thenComparingInt(e -> e.mark().line())
            .thenComparingInt(e -> e.mark().column());
}

package io.meshlens.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used; the message lists every error, one per line. */
public final class ConfigException extends RuntimeException {
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(Mark mark, String component, String message) {
        this(List.of(new ConfigError(mark, component, message, ConfigError.Severity.ERROR)));
    }

    public List<ConfigError> errors() {
        return errors;
    }
}

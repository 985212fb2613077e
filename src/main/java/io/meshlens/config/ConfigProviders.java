package io.meshlens.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sources a {@code ${scheme:opaque}} reference can read, as the Collector's confmap providers:
 * {@code env} (the default scheme), {@code file} and {@code yaml}. Whatever they return is parsed as
 * YAML; text that is not YAML, or is a YAML string, is used verbatim.
 */
final class ConfigProviders {
    static final String ENV_NAME_PATTERN = "^[a-zA-Z_][a-zA-Z0-9_]*$";
    private static final Pattern ENV_NAME = Pattern.compile(ENV_NAME_PATTERN);

    /** A provider's answer: the YAML-typed value, and its text (spliced in when embedded in a string). */
    record Retrieved(ConfigNode value, String text) {
    }

    private final Map<String, String> env;
    private final ConfigErrors errors;

    ConfigProviders(Map<String, String> env, ConfigErrors errors) {
        this.env = env;
        this.errors = errors;
    }

    /** The value of {@code scheme:opaque}; {@code at} is the value holding the reference. */
    Retrieved retrieve(String scheme, String opaque, Mark at) throws ExpansionException {
        return switch (scheme) {
            case "env" -> fromYaml(envValue(opaque, at), at, null);
            case "yaml" -> fromYaml(opaque, at, null);
            case "file" -> fromYaml(readFile(opaque, at), at, opaque);
            default -> throw new ExpansionException(at, "scheme " + GoQuote.quote(scheme) + " is not supported for uri "
                    + GoQuote.quote(scheme + ":" + opaque) + " (meshlens supports env, file and yaml)");
        };
    }

    private String envValue(String opaque, Mark at) throws ExpansionException {
        String name = opaque;
        String fallback = null;
        int sep = opaque.indexOf(":-");
        if (sep >= 0) {
            name = opaque.substring(0, sep);
            fallback = opaque.substring(sep + 2);
        }
        if (!ENV_NAME.matcher(name).matches()) {
            throw new ExpansionException(at, "environment variable " + GoQuote.quote(name)
                    + " has invalid name: must match regex " + ENV_NAME_PATTERN);
        }
        String value = env.get(name);
        if (value != null) {
            return value; // set, even if empty: the default is only for unset variables
        }
        if (fallback != null) {
            return fallback;
        }
        errors.warning(at, "", "configuration references unset environment variable " + GoQuote.quote(name));
        return "";
    }

    private static String readFile(String path, Mark at) throws ExpansionException {
        try {
            return Files.readString(Path.of(path));
        } catch (NoSuchFileException e) {
            throw new ExpansionException(at, "unable to read the file file:" + path + ": no such file or directory");
        } catch (IOException | RuntimeException e) {
            throw new ExpansionException(at, "unable to read the file file:" + path + ": " + e.getMessage());
        }
    }

    /**
     * Like the Collector's NewRetrievedFromYAML: strings (and non-YAML text) stay verbatim, so
     * {@code "0123"} keeps its quotes; other values are typed. Mappings and lists from a file keep
     * the file's marks; from anywhere else they are marked where they were referenced.
     */
    private static Retrieved fromYaml(String text, Mark at, String file) {
        ConfigNode parsed = YamlReader.readValue(file == null ? at.source() : file, text);
        ConfigNode value;
        if (parsed == null || parsed instanceof ConfigNode.ScalarNode s && s.value() instanceof String) {
            value = new ConfigNode.ScalarNode(at, text, text);
        } else if (parsed instanceof ConfigNode.ScalarNode s) {
            value = new ConfigNode.ScalarNode(at, s.value(), text);
        } else {
            value = file == null ? Marks.relocate(parsed, at) : parsed;
        }
        return new Retrieved(value, text);
    }
}

package io.meshlens.lint;

import io.meshlens.config.ConfigError;

import java.util.List;

/**
 * unused / undefined / unreachable: the service validator's findings, classified (not
 * re-implemented). Anything else the validator or loader reports is an {@code invalid-config} error,
 * because the config cannot run as written.
 */
final class ValidatorRule implements Rule {
    @Override
    public void check(LintContext ctx, List<Finding> out) {
        for (ConfigError e : ctx.validation.all()) {
            if (e.message().contains("environment variable") && e.message().contains("has invalid name")) {
                continue; // the env-expansion rule reports this, with what each Collector version does
            }
            String rule = classify(e.message());
            Severity severity = e.severity() == ConfigError.Severity.ERROR ? Severity.ERROR : Severity.WARNING;
            out.add(new Finding(rule, severity, e.mark(), e.component(), sentence(e.message()), fix(rule)));
        }
    }

    static String classify(String message) {
        if (message.contains("defined but not used") || message.contains("is in no pipeline")
                || message.contains("defined but not enabled")) {
            return "unused";
        }
        if (message.contains("which is not configured under")) {
            return "undefined";
        }
        if (message.startsWith("must have at least one receiver") || message.startsWith("must have at least one exporter")) {
            return "unreachable";
        }
        return "invalid-config";
    }

    private static String sentence(String message) {
        String s = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    private static String fix(String rule) {
        return switch (rule) {
            case "unused" -> "Add it to a pipeline (or service.extensions), or delete it.";
            case "undefined" -> "Configure the component under its section, or correct the name in the list.";
            case "unreachable" -> "Give the pipeline at least one receiver and one exporter, or delete it.";
            default -> "Correct the config (meshlens validate shows the same problem).";
        };
    }
}

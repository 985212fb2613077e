package io.meshlens.relabel;

import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One relabel rule, as an entry of Prometheus's {@code relabel_configs} / {@code metric_relabel_configs}.
 *
 * @param sourceLabels labels whose values are joined with {@code separator}; absent ones count as ""
 * @param modulus hashmod divisor, an unsigned 64-bit value
 */
public record RelabelConfig(List<String> sourceLabels, String separator, AnchoredRegex regex, long modulus,
                            String targetLabel, String replacement, Action action) {

    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    /** A relabel action; names as written in YAML (matched case-insensitively, as Prometheus does). */
    public enum Action {
        REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action parse(String s) {
            for (Action a : values()) {
                if (a.yamlName().equals(s.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            return null;
        }
    }

    private static final AnchoredRegex DEFAULT = AnchoredRegex.compile(DEFAULT_REGEX);
    /** Prometheus's relabelTarget: letters/'_' and $-references, then word characters, repeated. */
    private static final com.google.re2j.Pattern RELABEL_TARGET =
            com.google.re2j.Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
    }

    /** A rule with Prometheus's defaults for everything not given (regex "(.*)", separator ";", replacement "$1"). */
    public static RelabelConfig of(Action action, List<String> sourceLabels, String regex, String targetLabel,
                                   String replacement) {
        return new RelabelConfig(sourceLabels, DEFAULT_SEPARATOR,
                regex == null ? DEFAULT : AnchoredRegex.compile(regex), 0,
                targetLabel == null ? "" : targetLabel, replacement == null ? DEFAULT_REPLACEMENT : replacement, action);
    }

    /** Reads the list of rules under {@code key} (e.g. {@code relabel_configs}); invalid rules are reported and left out. */
    public static List<RelabelConfig> parseList(ConfigReader parent, String key) {
        List<RelabelConfig> out = new ArrayList<>();
        for (ConfigReader r : parent.childList(key)) {
            RelabelConfig c = parse(r);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Reads one rule with Prometheus 2.42's defaults and checks; the first problem is reported at
     * its key with Prometheus's wording, and null returned. A key given as null takes the Go zero
     * value (e.g. {@code regex:} with no value matches only the empty string), as Prometheus's YAML
     * decoding does.
     */
    public static RelabelConfig parse(ConfigReader r) {
        int errorsBefore = r.errors().errors().size();
        boolean sourceLabelsSet = r.raw("source_labels") instanceof ConfigNode.ListNode;
        List<String> sources = r.stringList("source_labels");
        String separator = text(r, "separator", DEFAULT_SEPARATOR);
        String regexText = text(r, "regex", null);
        boolean regexSet = r.raw("regex") != null;
        long modulus = r.has("modulus") ? r.parsed("modulus", 0L, Long::parseUnsignedLong) : 0L;
        String target = text(r, "target_label", "");
        String replacement = text(r, "replacement", DEFAULT_REPLACEMENT);
        String actionText = text(r, "action", "replace");
        r.finish();

        for (String s : sources) {
            if (!isValidLabelName(s)) {
                r.error("source_labels", "\"" + s + "\" is not a valid label name");
                return null;
            }
        }
        AnchoredRegex regex = DEFAULT;
        if (regexSet) {
            try {
                regex = AnchoredRegex.compile(regexText == null ? "" : regexText);
            } catch (IllegalArgumentException e) {
                r.error("regex", "invalid regex \"" + regexText + "\": " + e.getMessage());
                return null;
            }
        }
        if (actionText.isEmpty() && r.raw("action") instanceof ConfigNode.ScalarNode s && s.isNull()) {
            r.error("action", "relabel action cannot be empty");
            return null;
        }
        Action action = Action.parse(actionText);
        if (action == null) {
            r.error("action", "unknown relabel action \"" + actionText + "\"");
            return null;
        }
        if (r.errors().errors().size() > errorsBefore) {
            return null;
        }
        String problem = check(action, target, replacement, modulus, separator, regexSet, sourceLabelsSet);
        if (problem != null) {
            r.error(problemKey(problem), problem);
            return null;
        }
        return new RelabelConfig(sources, separator, regex, modulus, target, replacement, action);
    }

    /** Prometheus 2.42's Config.UnmarshalYAML checks, in its order; null when valid. */
    static String check(Action a, String target, String replacement, long modulus, String separator,
                        boolean regexSet, boolean sourceLabelsSet) {
        String name = a.yamlName();
        if (modulus == 0 && a == Action.HASHMOD) {
            return "relabel configuration for hashmod requires non-zero modulus";
        }
        boolean needsTarget = a == Action.REPLACE || a == Action.HASHMOD || a == Action.LOWERCASE
                || a == Action.UPPERCASE || a == Action.KEEPEQUAL || a == Action.DROPEQUAL;
        if (needsTarget && target.isEmpty()) {
            return "relabel configuration for " + name + " action requires 'target_label' value";
        }
        boolean templatedTarget = a == Action.REPLACE || a == Action.LOWERCASE || a == Action.UPPERCASE
                || a == Action.KEEPEQUAL || a == Action.DROPEQUAL;
        if (templatedTarget && !RELABEL_TARGET.matches(target)) {
            return "\"" + target + "\" is invalid 'target_label' for " + name + " action";
        }
        boolean fixedReplacement = a == Action.LOWERCASE || a == Action.UPPERCASE || a == Action.KEEPEQUAL
                || a == Action.DROPEQUAL;
        if (fixedReplacement && !replacement.equals(DEFAULT_REPLACEMENT)) {
            return "'replacement' can not be set for " + name + " action";
        }
        if (a == Action.LABELMAP && !RELABEL_TARGET.matches(replacement)) {
            return "\"" + replacement + "\" is invalid 'replacement' for " + name + " action";
        }
        if (a == Action.HASHMOD && !isValidLabelName(target)) {
            return "\"" + target + "\" is invalid 'target_label' for " + name + " action";
        }
        if ((a == Action.KEEPEQUAL || a == Action.DROPEQUAL)
                && (regexSet || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
                || !replacement.equals(DEFAULT_REPLACEMENT))) {
            return name + " action requires only 'source_labels' and `target_label`, and no other fields";
        }
        if ((a == Action.LABELDROP || a == Action.LABELKEEP)
                && (sourceLabelsSet || !target.isEmpty() || modulus != 0
                || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
            return name + " action requires only 'regex', and no other fields";
        }
        return null;
    }

    /** The key a check's message is about, so the error points at it. */
    private static String problemKey(String problem) {
        if (problem.contains("'target_label'")) {
            return "target_label";
        }
        if (problem.contains("'replacement'")) {
            return "replacement";
        }
        return problem.contains("modulus") ? "modulus" : "action";
    }

    /** {@code ^[a-zA-Z_][a-zA-Z0-9_]*$}, checked without a regex. */
    public static boolean isValidLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9' && i > 0)) {
                return false;
            }
        }
        return true;
    }

    /** A string key: absent → {@code def}; present but null → "" (Go's zero value). */
    private static String text(ConfigReader r, String key, String def) {
        ConfigNode n = r.node().get(key);
        if (n == null) {
            r.ignore(key);
            return def;
        }
        String v = r.string(key, "");
        return v == null ? "" : v;
    }
}

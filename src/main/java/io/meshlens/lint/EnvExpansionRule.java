package io.meshlens.lint;

import io.meshlens.config.Mark;

import java.util.List;
import java.util.Set;

/**
 * env-expansion: a {@code $} in a value that the chosen Collector release expands or rejects, read
 * from the files as written. What each release does, from the core sources (confmap resolver and the
 * {@code expandconverter} that contrib builds ran until 0.106) and upstream reports:
 * <ul>
 * <li>up to 0.101: the expand converter ({@code os.Expand}) replaces {@code $1}, {@code $FOO},
 *     {@code ${1}} by environment variables (unset: empty); {@code $$} escapes.</li>
 * <li>0.102–0.103: the converter also rejects invalid names: {@code $1} / {@code ${1}} fail at startup.</li>
 * <li>0.104: gate {@code confmap.unifyEnvVarExpansion} beta: {@code $FOO} and {@code $1} fail
 *     (deprecated syntax); {@code ${...}} defaults to the env scheme and the resolver has no escape,
 *     so {@code $${1}} fails (#10560, #10585).</li>
 * <li>0.105–0.106: the resolver honours {@code $$} and turns it into {@code $}, then the converter
 *     still runs and rejects the {@code $1} this produces: {@code $$1:$$2} fails.</li>
 * <li>0.107–0.112: gate stable, converter gone from the build; {@code $$1:$$2} is still reported to
 *     fail up to 0.112 (contrib #35733; cause unknown).</li>
 * <li>0.113+ (meshlens follows 0.118): {@code $1} and {@code $FOO} stay literal, {@code $$} → {@code $},
 *     {@code ${1}} fails (invalid env var name).</li>
 * </ul>
 */
final class EnvExpansionRule implements Rule {
    static final String ID = "env-expansion";

    /** Keys whose {@code $name} is a Prometheus capture-group reference, not a forgotten env var. */
    private static final Set<String> CAPTURE_KEYS = Set.of("replacement", "target_label");

    private record Verdict(Severity severity, String what, String fix) {
    }

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        CollectorVersion v = ctx.options.collectorVersion();
        for (RawYaml.Scalar s : ctx.raw.scalars()) {
            String value = s.value();
            int i = value.indexOf('$');
            while (i >= 0) {
                int n = 0;
                while (i + n < value.length() && value.charAt(i + n) == '$') {
                    n++;
                }
                String follower = follower(value.substring(i + n));
                String token = "$".repeat(n) + follower;
                Verdict verdict = judge(v, n, follower, s.key());
                if (verdict != null) {
                    Mark at = ctx.raw.locate(s.mark(), token);
                    out.add(new Finding(ID, verdict.severity(), at, "",
                            "On Collector " + v + ", \"" + token + "\" in " + s.key() + ": " + verdict.what(),
                            verdict.fix()));
                }
                i = value.indexOf('$', i + n);
            }
        }
    }

    /** The text after a run of {@code $}: {@code {...}}, a digit, a name, or "". */
    static String follower(String rest) {
        if (rest.startsWith("{")) {
            int close = rest.indexOf('}');
            return close < 0 ? "" : rest.substring(0, close + 1);
        }
        if (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
            return rest.substring(0, 1);
        }
        int j = 0;
        while (j < rest.length() && (Character.isLetterOrDigit(rest.charAt(j)) || rest.charAt(j) == '_')
                && rest.charAt(j) < 128) {
            j++;
        }
        return j > 0 && !Character.isDigit(rest.charAt(0)) ? rest.substring(0, j) : "";
    }

    static Verdict judge(CollectorVersion v, int dollars, String follower, String key) {
        if (follower.isEmpty()) {
            return null;
        }
        boolean escaped = dollars % 2 == 0;
        boolean brace = follower.startsWith("{");
        String inner = brace ? follower.substring(1, follower.length() - 1) : follower;
        boolean digit = !brace && Character.isDigit(follower.charAt(0));
        boolean validName = inner.matches("[a-zA-Z_][a-zA-Z0-9_]*");
        String literal = "$".repeat(dollars / 2) + follower;
        String escapeFix = "Pin a Collector release where it works (0.113 or later) or avoid the $ (e.g. write the "
                + "replacement without a capture group).";
        if (escaped) {
            if (brace) {
                boolean scheme = inner.contains(":");
                if (v.minor() <= 103) {
                    return scheme ? new Verdict(Severity.WARNING, "the resolver has no $$ escape before 0.105, so "
                            + follower + " is expanded anyway.", escapeFix) : null;
                }
                if (v.minor() == 104) {
                    return validName || scheme
                            ? new Verdict(Severity.WARNING, "the $$ escape is not honoured on 0.104 (#10560), so "
                            + follower + " is expanded anyway.", escapeFix)
                            : new Verdict(Severity.ERROR, "the $$ escape is not honoured on 0.104 (#10560, #10585), so "
                            + follower + " is read as environment variable \"" + inner + "\", an invalid name: the "
                            + "Collector does not start.", escapeFix);
                }
                if (v.between(105, 106)) {
                    return validName
                            ? new Verdict(Severity.WARNING, "the resolver turns it into " + literal + ", which the "
                            + "expand converter (still in 0.105/0.106 builds) then expands as an environment variable.",
                            escapeFix)
                            : new Verdict(Severity.ERROR, "the resolver turns it into " + literal + ", which the "
                            + "expand converter (still in 0.105/0.106 builds) rejects as an invalid environment "
                            + "variable name: the Collector does not start.", escapeFix);
                }
                if (v.between(107, 112)) {
                    return new Verdict(Severity.WARNING, "escaped capture-group references are reported to make "
                            + "the Collector fail to start on 0.105–0.112 (contrib #35733).", escapeFix);
                }
                return null;
            }
            if (v.between(105, 106)) {
                return new Verdict(Severity.ERROR, "the resolver turns it into " + literal + ", which the expand "
                        + "converter (still in 0.105/0.106 builds) rejects ($VAR syntax is deprecated with "
                        + "confmap.unifyEnvVarExpansion): the Collector does not start.", escapeFix);
            }
            if (v.between(107, 112)) {
                return new Verdict(Severity.WARNING, "\"$$1:$$2\"-style escapes are reported to make the Collector "
                        + "fail to start on 0.105–0.112 (contrib #35733).", escapeFix);
            }
            return null;
        }
        if (brace) {
            if (inner.contains(":") || validName) {
                return null; // a real reference: expanded as intended
            }
            String ref = "$" + follower;
            if (v.minor() <= 101) {
                return new Verdict(Severity.ERROR, ref + " is expanded as environment variable \"" + inner
                        + "\" (normally unset), so it silently becomes the empty string.",
                        "Write $" + ref + " so the component receives " + ref + ".");
            }
            return new Verdict(Severity.ERROR, ref + " is read as environment variable \"" + inner
                    + "\", an invalid name: the Collector does not start.",
                    "Write $" + ref + " so the component receives " + ref
                            + (v.between(104, 112) ? " (but on " + v + " that escape fails too: see its finding)" : "")
                            + ".");
        }
        if (digit) {
            if (v.minor() <= 101) {
                return new Verdict(Severity.ERROR, "$" + follower + " is expanded as environment variable \""
                        + follower + "\" (normally unset), so it silently becomes the empty string.",
                        "Escape it as $$" + follower + ".");
            }
            if (v.between(102, 103)) {
                return new Verdict(Severity.ERROR, "$" + follower + " is read as environment variable \"" + follower
                        + "\", an invalid name: the Collector does not start.", "Escape it as $$" + follower + ".");
            }
            if (v.between(104, 106)) {
                return new Verdict(Severity.ERROR, "$" + follower + " is rejected as deprecated $VAR syntax "
                        + "(feature gate confmap.unifyEnvVarExpansion, beta): the Collector does not start; disabling "
                        + "the gate only changes the error to an invalid variable name.",
                        v.minor() == 104 ? "Escape it as $$" + follower + " (works on 0.104), or upgrade to 0.113+."
                                : "Upgrade to 0.113 or later, where $" + follower + " stays literal.");
            }
            return null;
        }
        // $NAME
        if (v.minor() <= 103) {
            return new Verdict(Severity.WARNING, "$" + follower + " is expanded from environment variable "
                    + follower + " (deprecated $VAR syntax).", "Write ${env:" + follower + "} if that is meant, "
                    + "or $$" + follower + " for a literal $.");
        }
        if (v.between(104, 106)) {
            return new Verdict(Severity.ERROR, "$" + follower + " is rejected as deprecated $VAR syntax (feature "
                    + "gate confmap.unifyEnvVarExpansion, beta): the Collector does not start.",
                    "Write ${env:" + follower + "} for the environment variable.");
        }
        if (CAPTURE_KEYS.contains(key)) {
            return null;
        }
        return new Verdict(Severity.WARNING, "$" + follower + " is not expanded since 0.107; the value keeps the "
                + "literal text $" + follower + ".", "Write ${env:" + follower + "} if you meant the environment variable.");
    }
}

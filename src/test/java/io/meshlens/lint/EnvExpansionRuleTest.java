package io.meshlens.lint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What each Collector release does with each form of $, one row per (text, version). */
class EnvExpansionRuleTest {
    @ParameterizedTest(name = "{0} on 0.{1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            $1:4191   | 101 | error   | silently becomes the empty string
            $1:4191   | 102 | error   | invalid name
            $1:4191   | 104 | error   | confmap.unifyEnvVarExpansion
            $1:4191   | 106 | error   | deprecated $VAR syntax
            $1:4191   | 107 | none    |
            $1:4191   | 118 | none    |
            $$1:$$2   | 104 | none    |
            $$1:$$2   | 105 | error   | the resolver turns it into $
            $$1:$$2   | 112 | warning | reported to make the Collector fail
            $$1:$$2   | 113 | none    |
            ${1}      | 101 | error   | silently becomes the empty string
            ${1}      | 104 | error   | invalid name
            ${1}      | 118 | error   | invalid name
            $${1}     | 103 | none    |
            $${1}     | 104 | error   | #10585
            $${1}     | 106 | error   | rejects as an invalid environment variable name
            $${1}     | 110 | warning | #35733
            $${1}     | 118 | none    |
            $FOO      | 103 | warning | expanded from environment variable FOO
            $FOO      | 105 | error   | deprecated $VAR syntax
            $FOO      | 118 | warning | not expanded since 0.107
            ${FOO}    | 101 | none    |
            ${env:X}  | 118 | none    |
            $${env:X} | 103 | warning | expanded anyway
            a$        | 118 | none    |
            """)
    void judges(String text, int minor, String expected, String says) {
        List<Finding> out = EnvExpansionRuleTest.findings(text, minor);
        if (expected.equals("none")) {
            assertThat(out).isEmpty();
        } else {
            // one finding per $ token ($$1:$$2 has two)
            assertThat(out).isNotEmpty().allSatisfy(f -> {
                assertThat(f.severity().label()).isEqualTo(expected);
                assertThat(f.what()).contains(says);
            });
        }
    }

    static List<Finding> findings(String value, int minor) {
        RawYaml raw = new RawYaml();
        raw.add("t.yaml", "x:\n  field: '" + value + "'\n");
        LintContext ctx = new LintContext(null, raw, null, null,
                new LintOptions(new CollectorVersion(minor), null), null);
        List<Finding> out = new java.util.ArrayList<>();
        new EnvExpansionRule().check(ctx, out);
        return out;
    }
}

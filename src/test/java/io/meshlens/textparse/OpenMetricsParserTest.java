package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenMetrics 1.0 text, case by case against Prometheus 2.42's openmetricslex/openmetricsparse behaviour. */
class OpenMetricsParserTest {

    record Valid(String name, String input, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Invalid(String name, String input, String message, int line, int column) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        return Stream.of(
                new Valid("sample and EOF", "foo 1\n# EOF\n", List.of("S foo | foo | 1.0")),
                new Valid("EOF without a line break", "foo 1\n# EOF", List.of("S foo | foo | 1.0")),
                new Valid("empty exposition", "# EOF\n", List.of()),
                new Valid("timestamp in seconds with fraction becomes milliseconds", "foo 1 1700000000.123\n# EOF\n",
                        List.of("S foo | foo | 1.0 @1700000000123")),
                new Valid("timestamp times 1000 is truncated, as Prometheus does", "foo 1 274479030.405\n# EOF\n",
                        List.of("S foo | foo | 1.0 @274479030404")),
                new Valid("negative timestamp", "foo 1 -1.5\n# EOF\n", List.of("S foo | foo | 1.0 @-1500")),
                new Valid("exemplar on a _total series", "foo_total 3 # {trace_id=\"abc\"} 0.5 1700000000.5\n# EOF\n",
                        List.of("S foo_total | foo_total | 3.0 # { trace_id=abc } 0.5 @1700000000500")),
                new Valid("exemplar after the timestamp on a bucket", "foo_bucket{le=\"1\"} 2 1700000000 # {a=\"b\",c=\"d\\\"\"} 1\n# EOF\n",
                        List.of("S foo_bucket{le=\"1\"} | foo_bucket le=1 | 2.0 @1700000000000 # { a=b,c=d\" } 1.0")),
                new Valid("exemplar with empty labels", "foo_total 1 # {} 1\n# EOF\n", List.of("S foo_total | foo_total | 1.0 # { } 1.0")),
                new Valid("HELP unescapes quote, backslash and newline", "# HELP foo a\\\"b\\\\c\\nd\n# EOF\n", List.of("H foo a\"b\\c⏎d")),
                new Valid("HELP with empty text", "# HELP foo \n# EOF\n", List.of("H foo ")),
                new Valid("all eight types", "# TYPE a counter\n# TYPE b gauge\n# TYPE c histogram\n# TYPE d gaugehistogram\n"
                        + "# TYPE e summary\n# TYPE f info\n# TYPE g stateset\n# TYPE h unknown\n# EOF\n",
                        List.of("T a COUNTER", "T b GAUGE", "T c HISTOGRAM", "T d GAUGE_HISTOGRAM", "T e SUMMARY", "T f INFO",
                                "T g STATESET", "T h UNKNOWN")),
                new Valid("UNIT that is the name's suffix", "# UNIT foo_seconds seconds\n# EOF\n", List.of("U foo_seconds seconds")),
                new Valid("empty UNIT", "# UNIT foo \n# EOF\n", List.of("U foo ")),
                new Valid("_created is an ordinary series", "foo_created 1700000000.5\n# EOF\n", List.of("S foo_created | foo_created | 1.7000000005E9")),
                new Valid("NaN and infinities", "a NaN\nb +Inf\nc -Inf\n# EOF\n",
                        List.of("S a | a | NaN:7ff8000000000001", "S b | b | Infinity", "S c | c | -Infinity")),
                new Valid("duplicate TYPE for a family is accepted, as Prometheus does", "# TYPE foo counter\n# TYPE foo counter\n# EOF\n",
                        List.of("T foo COUNTER", "T foo COUNTER")),
                new Valid("prometheus-client histogram with le first", "# TYPE x_seconds histogram\n# UNIT x_seconds seconds\n"
                        + "x_seconds_sum{a=\"b\"} 0.0\nx_seconds_count{a=\"b\"} 0\nx_seconds_bucket{le=\"0.05\",a=\"b\"} 0\n# EOF\n",
                        List.of("T x_seconds HISTOGRAM", "U x_seconds seconds", "S x_seconds_sum{a=\"b\"} | x_seconds_sum a=b | 0.0",
                                "S x_seconds_count{a=\"b\"} | x_seconds_count a=b | 0.0",
                                "S x_seconds_bucket{le=\"0.05\",a=\"b\"} | x_seconds_bucket le=0.05,a=b | 0.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidInput(Valid c) throws ParseException {
        assertThat(Dump.all(Format.OPENMETRICS, c.input())).containsExactlyElementsOf(c.expected());
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                new Invalid("missing # EOF", "foo 1\n", "data does not end with # EOF", 2, 1),
                new Invalid("truncated line without # EOF", "foo 1", "data does not end with # EOF", 1, 6),
                new Invalid("data after # EOF", "# EOF\nfoo 1\n", "unexpected data after # EOF", 2, 1),
                new Invalid("blank line after # EOF", "# EOF\n\n", "unexpected data after # EOF", 2, 1),
                new Invalid("blank line", "foo 1\n\n# EOF\n", "blank line", 2, 1),
                new Invalid("free comment", "# hello\n# EOF\n", "invalid comment \"hello\"", 1, 3),
                new Invalid("hash without a space", "#HELP foo x\n# EOF\n", "expected a single space after '#'", 1, 2),
                new Invalid("leading blank", " foo 1\n# EOF\n", "unexpected \" \" at start of line", 1, 1),
                new Invalid("two spaces before the value", "foo  1\n# EOF\n", "expected a single space and value after metric", 1, 4),
                new Invalid("value glued to the closing brace", "foo{a=\"b\"}1\n# EOF\n", "expected a single space and value after metric, got \"1\"", 1, 11),
                new Invalid("blank inside braces", "foo{a =\"b\"} 1\n# EOF\n", "expected '=' after label name \"a\", got \" \"", 1, 6),
                new Invalid("trailing comma", "foo{a=\"b\",} 1\n# EOF\n", "expected label name, got \"}\"", 1, 11),
                new Invalid("missing comma", "foo{a=\"b\"c=\"d\"} 1\n# EOF\n", "expected ',' or '}' after label value, got \"c=\\\"d\\\"}\"", 1, 10),
                new Invalid("raw line break in a label value", "foo{a=\"x\ny\"} 1\n# EOF\n", "unterminated label value for \"a\"", 1, 7),
                new Invalid("duplicate label name", "foo{a=\"1\",a=\"2\"} 1\n# EOF\n", "duplicate label name \"a\"", 1, 11),
                new Invalid("unquoted NaN label value", "foo{a=NaN} 1\n# EOF\n", "expected quoted label value for \"a\", got \"NaN}\"", 1, 7),
                new Invalid("exemplar on a gauge", "foo 1 # {a=\"b\"} 1\n# EOF\n", "metric name \"foo\" does not support exemplars", 1, 7),
                new Invalid("exemplar without value", "foo_total 1 # {a=\"b\"}\n# EOF\n", "expected a single space and exemplar value, got end of line", 1, 22),
                new Invalid("NaN timestamp", "foo 1 NaN\n# EOF\n", "invalid timestamp \"NaN\"", 1, 7),
                new Invalid("garbage after the timestamp", "foo 1 2 3\n# EOF\n", "expected end of line after timestamp, got \" \"", 1, 8),
                new Invalid("text-only type untyped", "# TYPE foo untyped\n# EOF\n", "invalid metric type \"untyped\"", 1, 12),
                new Invalid("unit that is not the name's suffix", "# UNIT foo_bytes seconds\n# EOF\n",
                        "unit \"seconds\" is not a suffix of metric \"foo_bytes\"", 1, 18),
                new Invalid("HELP without text", "# HELP foo\n# EOF\n", "expected a space and text after the metric name in HELP, got end of line", 1, 11),
                new Invalid("HELP line cut off", "# HELP foo bar", "expected end of line after HELP text, got end of input", 1, 15),
                new Invalid("value out of range", "foo 1e999\n# EOF\n", "value \"1e999\" is out of range", 1, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidInput(Invalid c) {
        assertThatThrownBy(() -> Dump.all(Format.OPENMETRICS, c.input()))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.detail()).contains(c.message());
                    assertThat(e.line()).as("line").isEqualTo(c.line());
                    assertThat(e.column()).as("column").isEqualTo(c.column());
                });
    }

    @Test
    void returnsEofAgainAfterTheTrailer() throws ParseException {
        byte[] b = "foo 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
        Parser p = Parser.openMetrics(b);
        assertThat(p.next()).isEqualTo(Entry.SERIES);
        assertThat(p.next()).isEqualTo(Entry.EOF);
        assertThat(p.next()).isEqualTo(Entry.EOF);
    }
}

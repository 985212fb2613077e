package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Prometheus text format 0.0.4, case by case against Prometheus 2.42's promlex/promparse behaviour. */
class TextParserTest {

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
                new Valid("sample without labels", "foo 1\n", List.of("S foo | foo | 1.0")),
                new Valid("last line without a line break", "foo 1", List.of("S foo | foo | 1.0")),
                new Valid("labels and millisecond timestamp", "foo{a=\"b\",c=\"d\"} 1.5 1700000000000\n",
                        List.of("S foo{a=\"b\",c=\"d\"} | foo a=b,c=d | 1.5 @1700000000000")),
                new Valid("escaped backslash, quote and newline are unescaped", "foo{a=\"x\\\\y\\\"z\\n\"} 1",
                        List.of("S foo{a=\"x\\\\y\\\"z\\n\"} | foo a=x\\y\"z⏎ | 1.0")),
                new Valid("unknown escape is kept verbatim", "foo{a=\"\\q\"} 1", List.of("S foo{a=\"\\q\"} | foo a=\\q | 1.0")),
                new Valid("raw line break inside a label value", "foo{a=\"x\ny\"} 1",
                        List.of("S foo{a=\"x\ny\"} | foo a=x⏎y | 1.0")),
                new Valid("blanks and tabs between all tokens", "foo { a = \"b\" , c=\"d\" , } \t 2 \t 3 \n",
                        List.of("S foo { a = \"b\" , c=\"d\" , } | foo a=b,c=d | 2.0 @3")),
                new Valid("missing comma between labels", "foo{a=\"b\" c=\"d\"} 1", List.of("S foo{a=\"b\" c=\"d\"} | foo a=b,c=d | 1.0")),
                new Valid("trailing comma", "foo{a=\"b\",} 1", List.of("S foo{a=\"b\",} | foo a=b | 1.0")),
                new Valid("empty braces", "foo{} 1", List.of("S foo{} | foo | 1.0")),
                new Valid("value glued to the closing brace", "foo{a=\"b\"}1", List.of("S foo{a=\"b\"} | foo a=b | 1.0")),
                new Valid("value glued to the name by its sign", "foo-1", List.of("S foo | foo | -1.0")),
                new Valid("NaN and infinity spellings", "a NaN\nb +Inf\nc -Inf\nd nan\ne inf\nf -infinity\n",
                        List.of("S a | a | NaN:7ff8000000000001", "S b | b | Infinity", "S c | c | -Infinity",
                                "S d | d | NaN:7ff8000000000001", "S e | e | Infinity", "S f | f | -Infinity")),
                new Valid("decimal spellings", "a 1e3\nb .5\nc 5.\nd -0\ne +1.5E-3\nf 0.1\n",
                        List.of("S a | a | 1000.0", "S b | b | 0.5", "S c | c | 5.0", "S d | d | -0.0", "S e | e | 0.0015",
                                "S f | f | 0.1")),
                new Valid("blank and blank-only lines are skipped", "\n  \t\nfoo 1\n\n", List.of("S foo | foo | 1.0")),
                new Valid("HELP unescapes backslash and newline but not quote", "# HELP foo a\\\\b\\nc \\\" d\n",
                        List.of("H foo a\\b⏎c \\\" d")),
                new Valid("HELP without text", "# HELP foo\n# HELP bar   \n", List.of("H foo ", "H bar ")),
                new Valid("HELP text keeps inner and trailing blanks", "# HELP foo  two  spaces \n", List.of("H foo  two  spaces ")),
                new Valid("the four text types and untyped", "# TYPE a counter\n# TYPE b gauge\n# TYPE c histogram\n# TYPE d summary\n# TYPE e untyped\n",
                        List.of("T a COUNTER", "T b GAUGE", "T c HISTOGRAM", "T d SUMMARY", "T e UNKNOWN")),
                new Valid("UNIT and EOF lines are plain comments", "# UNIT foo_seconds seconds\n# EOF\n",
                        List.of("C # UNIT foo_seconds seconds", "C # EOF")),
                new Valid("comment without a space after the hash", "#foo bar\n", List.of("C #foo bar")),
                new Valid("HELP keyword without a name is a comment", "# HELP\n# TYPEfoo\n", List.of("C # HELP", "C # TYPEfoo")),
                new Valid("blanks before a comment", "  # hi\n", List.of("C # hi")),
                new Valid("duplicate TYPE for a family is accepted, as Prometheus does",
                        "# TYPE foo counter\n# TYPE foo gauge\nfoo 1\n", List.of("T foo COUNTER", "T foo GAUGE", "S foo | foo | 1.0")),
                new Valid("NUL at the start of a line ends the input", "foo 1\n\0{{garbage\n", List.of("S foo | foo | 1.0")),
                new Valid("NUL inside a label value is kept", "foo{a=\"x\0y\"} 1", List.of("S foo{a=\"x\0y\"} | foo a=x\0y | 1.0")),
                new Valid("metric name with colons and digits", "a:b:c_2_total 1", List.of("S a:b:c_2_total | a:b:c_2_total | 1.0")),
                new Valid("reserved-looking label names other than __name__", "foo{__meta_x=\"1\"} 1",
                        List.of("S foo{__meta_x=\"1\"} | foo __meta_x=1 | 1.0")),
                new Valid("non-ASCII label value", "foo{a=\"é✓😀\"} 1", List.of("S foo{a=\"é✓😀\"} | foo a=é✓😀 | 1.0")),
                new Valid("Linkerd legacy histogram bucket", "response_latency_ms_bucket{direction=\"inbound\",status_code=\"200\",le=\"+Inf\"} 29\n",
                        List.of("S response_latency_ms_bucket{direction=\"inbound\",status_code=\"200\",le=\"+Inf\"} | response_latency_ms_bucket direction=inbound,status_code=200,le=+Inf | 29.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidInput(Valid c) throws ParseException {
        assertThat(Dump.all(Format.PROMETHEUS_TEXT, c.input())).containsExactlyElementsOf(c.expected());
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                new Invalid("truncated inside a label value", "foo{a=\"b", "unterminated label value for \"a\"", 1, 7),
                new Invalid("truncated after a label value", "foo{a=\"b\"", "expected label name or '}', got end of input", 1, 10),
                new Invalid("truncated after the name", "foo", "expected value after metric, got end of input", 1, 4),
                new Invalid("truncated after the labels", "a 1\nfoo{a=\"b\"}\n", "expected value after metric, got end of line", 2, 11),
                new Invalid("backslash before the line break", "foo{a=\"b\\\n\"} 1", "invalid escape sequence at end of line in label value", 1, 9),
                new Invalid("unquoted NaN label value", "foo{a=NaN} 1", "expected quoted label value for \"a\", got \"NaN}\"", 1, 7),
                new Invalid("label name without value", "foo{NaN} 1", "expected '=' after label name \"NaN\", got \"}\"", 1, 8),
                new Invalid("comma before the first label", "foo{,a=\"b\"} 1", "expected label name or '}', got \",a=\\\"b\\\"}\"", 1, 5),
                new Invalid("label name starting with a digit", "foo{1a=\"b\"} 1", "expected label name or '}'", 1, 5),
                new Invalid("duplicate label name", "foo{a=\"1\",b=\"2\",a=\"3\"} 1", "duplicate label name \"a\"", 1, 17),
                new Invalid("__name__ as a label", "foo{__name__=\"bar\"} 1", "label name \"__name__\" is not unique", 1, 5),
                new Invalid("value is not a number", "foo abc", "invalid value \"abc\"", 1, 5),
                new Invalid("closing brace where the value should be", "a 1\nb 2\nc{x=\"1\"} }", "invalid value \"}\"", 3, 10),
                new Invalid("hex float", "foo 0x1p3", "invalid value \"0x1p3\"", 1, 5),
                new Invalid("underscore in number", "foo 1_000", "invalid value \"1_000\"", 1, 5),
                new Invalid("signed nan", "foo -nan", "invalid value \"-nan\"", 1, 5),
                new Invalid("value out of range", "foo 1e400", "value \"1e400\" is out of range", 1, 5),
                new Invalid("carriage return before the line break", "foo 1\r\n", "invalid value \"1\\x0d\"", 1, 5),
                new Invalid("negative timestamp", "foo 1 -5", "expected timestamp or end of line after value, got \"-5\"", 1, 7),
                new Invalid("second timestamp", "foo 1 2 3", "expected end of line after timestamp, got \"3\"", 1, 9),
                new Invalid("timestamp overflow", "foo 1 99999999999999999999", "timestamp \"99999999999999999999\" is out of range", 1, 7),
                new Invalid("brace after the value", "foo 1{", "expected timestamp or end of line after value, got \"{\"", 1, 6),
                new Invalid("OpenMetrics-only type", "# TYPE foo info\n", "invalid metric type \"info\"", 1, 12),
                new Invalid("type with a trailing blank", "# TYPE foo counter \n", "invalid metric type \"counter \"", 1, 12),
                new Invalid("HELP followed by an invalid metric name", "# HELP 1foo bar\n", "expected metric name after HELP, got \"1foo\"", 1, 8),
                new Invalid("line starting with a brace", "{a=\"b\"} 1", "unexpected \"{a=\\\"b\\\"}\" at start of line", 1, 1),
                new Invalid("blanks before a metric name", "a 1\n  foo 1", "whitespace before metric name \"foo\"", 2, 1),
                new Invalid("binary garbage", "\u0001\u0002\u0003", "unexpected \"\\x01\\x02\\x03\" at start of line", 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidInput(Invalid c) {
        assertThatThrownBy(() -> Dump.all(Format.PROMETHEUS_TEXT, c.input()))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.detail()).contains(c.message());
                    assertThat(e.line()).as("line").isEqualTo(c.line());
                    assertThat(e.column()).as("column").isEqualTo(c.column());
                    assertThat(e.getMessage()).startsWith("line " + c.line() + ", column " + c.column() + ": ");
                });
    }

    static Stream<byte[]> invalidUtf8() {
        return Stream.of(
                bytes("foo{a=\"", 0xff, "\"} 1\n"),
                bytes("foo{a=\"", 0xc0, 0xaf, "\"} 1\n"),            // overlong '/'
                bytes("foo{a=\"", 0xed, 0xa0, 0x80, "\"} 1\n"),      // surrogate U+D800
                bytes("foo{a=\"", 0xf4, 0x90, 0x80, 0x80, "\"} 1\n"), // above U+10FFFF
                bytes("foo{a=\"", 0xe2, 0x82, "\"} 1\n"),            // truncated sequence
                bytes("# HELP foo bad ", 0xfe, "\n"));
    }

    @ParameterizedTest
    @MethodSource("invalidUtf8")
    void rejectsInvalidUtf8InLabelValuesAndHelp(byte[] body) {
        for (Format f : Format.values()) {
            assertThatThrownBy(() -> Dump.all(Parser.create(f, body, 0, body.length, 0)))
                    .isInstanceOf(ParseException.class)
                    .hasMessageContaining("invalid UTF-8 in");
        }
    }

    @Test
    void acceptsInvalidUtf8InPlainComments() throws ParseException {
        byte[] body = bytes("# free ", 0xff, "\nfoo 1\n");
        assertThat(Dump.all(Parser.text(body))).hasSize(2);
    }

    @Test
    void failsALineOverTheLimitWithTheLimitInTheMessage() {
        String longValue = "x".repeat(200);
        byte[] body = ("ok 1\nfoo{a=\"" + longValue + "\"} 1\n").getBytes(StandardCharsets.UTF_8);
        Parser p = Parser.forContentType("text/plain", body, 0, body.length, 100);
        assertThatThrownBy(() -> Dump.all(p))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.detail()).isEqualTo("line is longer than the limit of 100 bytes");
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void reportsTheLimitRatherThanTheSyntaxErrorOfAnOverlongGarbageLine() {
        byte[] body = ("ok 1\n" + "{".repeat(10_000) + "\n").getBytes(StandardCharsets.UTF_8);
        Parser p = Parser.forContentType("", body, 0, body.length, 1000);
        assertThatThrownBy(() -> Dump.all(p)).hasMessageContaining("line is longer than the limit of 1000 bytes");
    }

    @Test
    void acceptsALineExactlyAtTheLimit() throws ParseException {
        byte[] body = "foo 12\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Dump.all(Parser.forContentType(null, body, 0, body.length, 6))).hasSize(1);
    }

    @Test
    void parsesOnlyTheGivenSliceOfTheArray() throws ParseException {
        byte[] body = "garbage{{{foo 1\nbar 2\n}}}".getBytes(StandardCharsets.UTF_8);
        Parser p = Parser.create(Format.PROMETHEUS_TEXT, body, 10, 12, 0);
        assertThat(Dump.all(p)).containsExactly("S foo | foo | 1.0", "S bar | bar | 2.0");
        assertThat(p.next()).isEqualTo(Entry.EOF);
    }

    @Test
    void errorPositionsAreRelativeToTheSliceButOffsetsAbsolute() {
        byte[] body = "xxxxfoo 1\nbar }".getBytes(StandardCharsets.UTF_8);
        Parser p = Parser.create(Format.PROMETHEUS_TEXT, body, 4, body.length - 4, 0);
        assertThatThrownBy(() -> Dump.all(p)).isInstanceOfSatisfying(ParseException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(5);
            assertThat(e.offset()).isEqualTo(14);
        });
    }

    @Test
    void resetParsesTheNextBodyAfterAnError() throws ParseException {
        byte[] bad = "foo{a=\"1\",a=\"2\"} 1\n".getBytes(StandardCharsets.UTF_8);
        byte[] good = "bar{b=\"x\"} 2 5\n".getBytes(StandardCharsets.UTF_8);
        Parser p = Parser.text(bad);
        assertThatThrownBy(p::next).isInstanceOf(ParseException.class);
        assertThat(Dump.all(p.reset(good, 0, good.length))).containsExactly("S bar{b=\"x\"} | bar b=x | 2.0 @5");
        assertThat(p.next()).isEqualTo(Entry.EOF);
        assertThat(Dump.all(p.reset(good, 0, good.length))).hasSize(1);
    }

    static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object o : parts) {
            if (o instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) o);
            }
        }
        return out.toByteArray();
    }
}

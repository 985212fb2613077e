package io.meshlens.ottl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ParserTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "name == \"up\"",
            "not(name == \"response_total\" or IsMatch(name, \"response_latency_ms.*\") or name == \"tcp_open_connections\")",
            "not name == \"x\"",
            "type == METRIC_DATA_TYPE_HISTOGRAM and IsMatch(name, \"^foo\")",
            "IsMatch(metric.name, \"x\")",
            "resource.attributes[\"service.name\"] != nil",
            "instrumentation_scope.attributes[\"a\"][\"b\"] == nil",
            "true",
            "not false",
            "((name == \"a\"))",
            "(1 + 2) * 3 == 9",
            "1 + -2 == -1",
            "1 >= .5",
            "name == \"tab\\there \\\"quoted\\\" \\u00e9\"",
            "Concat([name, unit], \"/\") == \"a/b\"",
            "IsMatch(target = name, pattern = \"x\")",
            "Len(name) > 3 and Len(name) <= 10",
            "HasAttrOnDatapoint(\"code\", \"200\")",
            "is_monotonic == true or aggregation_temporality == AGGREGATION_TEMPORALITY_DELTA",
            "name==\"nospace\"and unit==\"1\"",
    })
    void validMetricConditionsCompile(String text) {
        assertThatCode(() -> Condition.parse(text, OttlContext.METRIC)).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // the closing parenthesis where a term must follow `or`
                arguments("not(name == \"response_total\" or )", 33, "unexpected token \")\""),
                arguments("name == ", 9, "unexpected token \"<EOF>\" (expected a value)"),
                arguments("name = \"x\"", 6, "unexpected token \"=\" (expected a comparison operator)"),
                arguments("name == \"x\" name", 13, "unexpected token \"name\""),
                arguments("(name == \"x\"", 13, "unexpected token \"<EOF>\" (expected \")\")"),
                arguments("name == \"x\" and", 16, "unexpected token \"<EOF>\""),
                // a bare path is not a boolean in OTTL: it needs a comparison
                arguments("is_monotonic", 13, "unexpected token \"<EOF>\" (expected a comparison operator)"),
                arguments("name ! \"x\"", 6, "invalid input text \"!"),
                arguments("name == \"abc", 9, "unterminated string \"abc"),
                arguments("name == \"a\\qb\"", 11, "invalid escape \\q in string"),
                arguments("isMatch(name, \"x\")", 1, "converter names must start with an uppercase letter but got 'isMatch'"),
                arguments("name == 99999999999999999999", 9, "invalid number 99999999999999999999 (out of range)"),
                // compile errors, still with a column
                arguments("foo == 1", 1, "segment \"foo\" from path \"foo\" is not a valid path nor a valid OTTL keyword "
                        + "for the Metric context - review https://github.com/open-telemetry/opentelemetry-collector-contrib"
                        + "/tree/main/pkg/ottl/contexts/ottlmetric to see all valid paths"),
                arguments("name == \"a\" or resource.labels[\"x\"] == 1", 25, "segment \"labels\" from path"),
                arguments("Foo(name)", 1, "undefined function \"Foo\""),
                arguments("IsMatch(name)", 1, "incorrect number of arguments. Expected: 2 Received: 1"),
                arguments("IsMatch(name, \"(\")", 15, "invalid argument at position 1: the pattern supplied to IsMatch is not a valid regexp pattern"),
                arguments("IsMatch(name, 5)", 15, "invalid argument at position 1: expected a string"),
                arguments("type == METRIC_DATA_TYPE_FOO", 9, "enum symbol, METRIC_DATA_TYPE_FOO, not found"),
                arguments("Len(name)", 1, "converter Len does not return a boolean"),
                arguments("HasAttrOnDatapoint(name, \"x\")", 20, "invalid argument at position 0: expected a string literal"),
                arguments("name[\"x\"] == 1", 6, "\"name\" cannot be indexed"),
                arguments("data_points == nil", 1, "is valid OTTL but not supported by meshlens"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidConditionsReportTheColumn(String text, int column, String message) {
        OttlSyntaxException e = catchThrowableOfType(OttlSyntaxException.class,
                () -> Condition.parse(text, OttlContext.METRIC));
        assertThat(e).as("no error for %s", text).isNotNull();
        assertThat(e.detail()).contains(message);
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.getMessage()).isEqualTo("column " + column + ": " + e.detail());
    }

    static Stream<Arguments> contextSpecific() {
        return Stream.of(
                arguments(OttlContext.DATAPOINT, "HasAttrOnDatapoint(\"k\", \"v\")", "undefined function \"HasAttrOnDatapoint\""),
                arguments(OttlContext.DATAPOINT, "attributes[0] == \"x\"", "attributes can only be indexed by a string key"),
                arguments(OttlContext.DATAPOINT, "bucket_counts == nil", "not supported by meshlens"),
                arguments(OttlContext.METRIC, "attributes[\"x\"] == \"y\"", "segment \"attributes\""),
                arguments(OttlContext.SPAN, "value_double == 1", "for the Span context"),
                arguments(OttlContext.SPAN, "kind == METRIC_DATA_TYPE_SUM", "enum symbol, METRIC_DATA_TYPE_SUM, not found"),
                arguments(OttlContext.METRIC, "flags == FLAG_NO_RECORDED_VALUE", "segment \"flags\""));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("contextSpecific")
    void pathsFunctionsAndEnumsDependOnTheContext(OttlContext ctx, String text, String message) {
        OttlSyntaxException e = catchThrowableOfType(OttlSyntaxException.class, () -> Condition.parse(text, ctx));
        assertThat(e).isNotNull();
        assertThat(e.detail()).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "attributes[\"le\"] == \"+Inf\"",
            "metric.name == \"x\" and value_double > 1.5e3",
            "metric.type == METRIC_DATA_TYPE_SUMMARY and count == 0",
            "flags == FLAG_NO_RECORDED_VALUE",
            "datapoint.attributes[\"code\"] == \"500\"",
            "time_unix_nano - start_time_unix_nano > 1000",
    })
    void validDatapointConditionsCompile(String text) {
        assertThatCode(() -> Condition.parse(text, OttlContext.DATAPOINT)).doesNotThrowAnyException();
    }
}

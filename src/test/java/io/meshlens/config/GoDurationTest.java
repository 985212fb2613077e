package io.meshlens.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cases of Go's time package tests for ParseDuration and Duration.String. */
class GoDurationTest {
    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M;

    static Stream<Arguments> parses() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("5s", 5 * S),
                Arguments.of("30s", 30 * S),
                Arguments.of("1478s", 1478 * S),
                Arguments.of("-5s", -5 * S),
                Arguments.of("+5s", 5 * S),
                Arguments.of("-0", 0L),
                Arguments.of("+0", 0L),
                Arguments.of("5.0s", 5 * S),
                Arguments.of("5.6s", 5 * S + 600 * MS),
                Arguments.of("5.s", 5 * S),
                Arguments.of(".5s", 500 * MS),
                Arguments.of("1.0s", S),
                Arguments.of("1.00s", S),
                Arguments.of("1.004s", S + 4 * MS),
                Arguments.of("1.0040s", S + 4 * MS),
                Arguments.of("100.00100s", 100 * S + MS),
                Arguments.of("10ns", 10 * NS),
                Arguments.of("11us", 11 * US),
                Arguments.of("12µs", 12 * US),
                Arguments.of("12μs", 12 * US),
                Arguments.of("13ms", 13 * MS),
                Arguments.of("14s", 14 * S),
                Arguments.of("15m", 15 * M),
                Arguments.of("16h", 16 * H),
                Arguments.of("3h30m", 3 * H + 30 * M),
                Arguments.of("10.5s4m", 4 * M + 10 * S + 500 * MS),
                Arguments.of("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
                Arguments.of("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS),
                Arguments.of("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
                Arguments.of("52763797000ns", 52763797000L),
                Arguments.of("0.3333333333333333333h", 20 * M),
                Arguments.of("9007199254740993ns", (1L << 53) + 1),
                Arguments.of("9223372036854775807ns", Long.MAX_VALUE),
                Arguments.of("9223372036854775.807us", Long.MAX_VALUE),
                Arguments.of("9223372036s854ms775us807ns", Long.MAX_VALUE),
                Arguments.of("-9223372036854775808ns", Long.MIN_VALUE),
                Arguments.of("-9223372036854775.808us", Long.MIN_VALUE),
                Arguments.of("-9223372036s854ms775us808ns", Long.MIN_VALUE),
                Arguments.of("-2562047h47m16.854775808s", Long.MIN_VALUE),
                Arguments.of("0.100000000000000000000h", 6 * M),
                Arguments.of("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void parses(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "\u0085\u0085", "\u00ffff",
            "hello \u00ffff world", " 1s", "1s ", "9223372036854775808ns", "9223372036854775.808us",
            "9223372036854ms775us808ns", "-9223372036854775809ns"})
    void rejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration \"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1d", "3"})
    void namesTheProblem(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(text.equals("1d")
                ? "unknown unit \"d\" in duration \"1d\"" : "missing unit in duration \"3\"");
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("0s", 0L),
                Arguments.of("1ns", NS),
                Arguments.of("1.1µs", 1100 * NS),
                Arguments.of("2.2ms", 2200 * US),
                Arguments.of("3.3s", 3300 * MS),
                Arguments.of("4m5s", 4 * M + 5 * S),
                Arguments.of("4m5.001s", 4 * M + 5001 * MS),
                Arguments.of("5h6m7.001s", 5 * H + 6 * M + 7001 * MS),
                Arguments.of("8m0.000000001s", 8 * M + NS),
                Arguments.of("1h0m0s", H),
                Arguments.of("200ms", 200 * MS),
                Arguments.of("-1.5s", -1500 * MS),
                Arguments.of("2562047h47m16.854775807s", Long.MAX_VALUE),
                Arguments.of("-2562047h47m16.854775808s", Long.MIN_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void formats(String text, long nanos) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }
}

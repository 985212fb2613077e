package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go strconv.ParseFloat semantics without p/P/_ (Prometheus's parseFloat). */
class FloatsTest {

    private static double parse(String s) {
        Floats f = Floats.create();
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        double d = f.parse(b, 0, b.length);
        assertThat(f.error).as("error for %s", s).isNull();
        return d;
    }

    private static String error(String s) {
        Floats f = Floats.create();
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        f.parse(b, 0, b.length);
        return f.error;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "0, 0.0", "42, 42.0", "-42, -42.0", "+7, 7.0", "1.5, 1.5", ".5, 0.5", "5., 5.0", "1e3, 1000.0", "1E+3, 1000.0",
        "2.5e-3, 0.0025", "0.1, 0.1", "1787400000.0, 1.7874E9", "123456789012345678901234567890, 1.2345678901234568E29",
        "0.000000000000000000000000000001, 1.0E-30", "1e-400, 0.0", "4.9e-324, 4.9E-324", "1.7976931348623157e308, 1.7976931348623157E308",
        "Inf, Infinity", "+inf, Infinity", "-INF, -Infinity", "infinity, Infinity", "-Infinity, -Infinity", "007, 7.0",
        "9007199254740993, 9.007199254740992E15", "0.30000000000000004, 0.30000000000000004",
    })
    void parsesLikeGo(String in, double expected) {
        assertThat(parse(in)).isEqualTo(expected);
    }

    @Test
    void negativeZeroKeepsItsSign() {
        assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(parse("-0.0e5"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "NaN", "NAN"})
    void nanHasPrometheusNormalBits(String in) {
        assertThat(Double.doubleToRawLongBits(parse(in))).isEqualTo(0x7ff8000000000001L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "0x1p3", "1_000", "1p3", "-nan", "+NaN",
        "infin", "infinityx", "1d", "1f", " 1", "1 ", "--1", "1e5.5", "١"})
    void rejectsWhatGoRejects(String in) {
        assertThat(error(in)).isEqualTo(Floats.SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e309", "-1e309", "1.8e308", "1e99999999999"})
    void overflowIsAnError(String in) {
        assertThat(error(in)).isEqualTo(Floats.RANGE);
    }

    @Test
    void agreesWithTheJdkOnRandomDecimals() {
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 4) {
                case 0 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
                case 1 -> r.nextInt(1_000_000) / 1000.0;
                case 2 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
                default -> r.nextLong();
            };
            String s = Double.toString(d);
            assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
            String plain = new java.math.BigDecimal(d).toPlainString();
            if (plain.length() < 60) {
                assertThat(parse(plain)).as(plain).isEqualTo(Double.parseDouble(plain));
            }
        }
    }
}

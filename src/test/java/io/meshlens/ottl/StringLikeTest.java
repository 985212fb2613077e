package io.meshlens.ottl;

import io.meshlens.model.Attributes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StringLikeTest {
    static Stream<Arguments> conversions() {
        return Stream.of(
                arguments("abc", "abc"),
                arguments(42L, "42"),
                arguments(1.5, "1.5"),
                arguments(100.0, "100"),
                arguments(123456789.0, "123456789"),
                arguments(0.000001, "0.000001"),
                arguments(1e-7, "1e-7"),
                arguments(1e21, "1e+21"),
                arguments(-2.5e-8, "-2.5e-8"),
                arguments(true, "true"),
                arguments(new byte[]{0x0a, (byte) 0xff}, "0aff"),
                arguments(Attributes.of("b", "x", "a", 1L), "{\"a\":1,\"b\":\"x\"}"),
                arguments(List.of("a", 2L), "[\"a\",2]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("conversions")
    void convertsAsGoJsonMarshalDoes(Object value, String expected) {
        assertThat(StringLike.of(value)).isEqualTo(expected);
    }
}

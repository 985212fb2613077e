package io.meshlens.ottl;

import io.meshlens.model.Attributes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.meshlens.ottl.CompareOp.EQ;
import static io.meshlens.ottl.CompareOp.GT;
import static io.meshlens.ottl.CompareOp.GTE;
import static io.meshlens.ottl.CompareOp.LT;
import static io.meshlens.ottl.CompareOp.LTE;
import static io.meshlens.ottl.CompareOp.NE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ComparisonTest {
    static Stream<Arguments> rules() {
        return Stream.of(
                arguments("nil == nil", null, EQ, null, true),
                arguments("nil <= nil", null, LTE, null, true),
                arguments("nil < nil", null, LT, null, false),
                arguments("nil != nil", null, NE, null, false),
                arguments("nil == string", null, EQ, "a", false),
                arguments("nil != string", null, NE, "a", true),
                arguments("nil < int is invalid", null, LT, 1L, false),
                arguments("string != nil", "a", NE, null, true),
                arguments("int == float across types", 1L, EQ, 1.0, true),
                arguments("int < float", 1L, LT, 1.5, true),
                arguments("float > int", 2.0, GT, 1L, true),
                arguments("int >= int", 3L, GTE, 3L, true),
                arguments("NaN == NaN is false", Double.NaN, EQ, Double.NaN, false),
                arguments("NaN != NaN is true", Double.NaN, NE, Double.NaN, true),
                arguments("strings lexically", "a", LT, "b", true),
                arguments("upper case sorts before lower case (bytes)", "B", LT, "a", true),
                arguments("strings compare as UTF-8, not UTF-16", "\uFFFF", LT, "\uD83D\uDE00", true),
                arguments("false < true", false, LT, true, true),
                arguments("true > false", true, GT, false, true),
                arguments("true <= true", true, LTE, true, true),
                arguments("string vs int is invalid: ==", "1", EQ, 1L, false),
                arguments("string vs int is invalid: !=", "1", NE, 1L, true),
                arguments("string vs int is invalid: <", "1", LT, 2L, false),
                arguments("bool vs string is invalid", true, EQ, "true", false),
                arguments("bytes lexicographic, unsigned", new byte[]{1}, LT, new byte[]{(byte) 0xff}, true),
                arguments("bytes equal", new byte[]{1, 2}, EQ, new byte[]{1, 2}, true),
                arguments("bytes vs nil", new byte[]{1}, NE, null, true),
                arguments("maps equal", Attributes.of("a", "b"), EQ, Attributes.of("a", "b"), true),
                arguments("maps do not order", Attributes.of("a", "b"), LT, Attributes.of("b", "c"), false),
                arguments("lists equal", List.of("a", 1L), EQ, List.of("a", 1L), true),
                arguments("lists differ", List.of("a"), NE, List.of("b"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void followsOttlComparisonRules(String name, Object a, CompareOp op, Object b, boolean expected) {
        assertThat(Comparison.compare(a, b, op)).isEqualTo(expected);
    }
}

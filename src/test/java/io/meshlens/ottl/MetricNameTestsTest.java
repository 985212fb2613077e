package io.meshlens.ottl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Name tests found in conditions, with their polarity (keep under an odd number of not / !=). */
class MetricNameTestsTest {
    @Test
    void keepListUnderNot() throws Exception {
        assertThat(MetricNameTests.of("not(name == \"a\" or IsMatch(name, \"b.*\"))")).containsExactly(
                new MetricNameTests.Test(MetricNameTests.Kind.EQUALS, "a", true, 13),
                new MetricNameTests.Test(MetricNameTests.Kind.IS_MATCH, "b.*", true, 34));
    }

    @Test
    void dropConditionsAndNotEqualAndDatapointPath() throws Exception {
        assertThat(MetricNameTests.of("IsMatch(metric.name, \"x\") and name != \"y\" and attributes[\"k\"] == \"v\""))
                .extracting(t -> t.literal() + ":" + t.keeps())
                .containsExactly("x:false", "y:true");
    }
}

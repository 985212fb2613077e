package io.meshlens.sim;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ad:grpc-unavailable:0.1 | ad      | GRPC_UNAVAILABLE | 0.1  | 200 | 0",
        "payment:http-500:0.05   | payment | HTTP_STATUS      | 0.05 | 500 | 0",
        "email:http-503:1        | email   | HTTP_STATUS      | 1.0  | 503 | 0",
        "cart:latency:+200ms     | cart    | LATENCY          | 1.0  | 0   | 200",
        "cart:latency:1.5s       | cart    | LATENCY          | 1.0  | 0   | 1500",
    })
    void parsesTheFaultSyntax(String spec, String svc, Fault.Kind kind, double fraction, int status, double ms) {
        Fault f = Fault.parse(spec);
        assertThat(f).isEqualTo(new Fault(svc, kind, fraction, status, ms));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ad                      | expected <service>:<kind>:<value>",
        "ad:grpc-unavailable:1.5 | fraction must be in (0, 1]",
        "ad:grpc-unavailable:x   | fraction must be a number",
        "ad:http-404:0.1         | only 5xx statuses are failures",
        "ad:boom:0.1             | unknown kind 'boom'",
        "cart:latency:200        | latency must look like +200ms",
    })
    void rejectsBadSpecsWithAClearMessage(String spec, String message) {
        assertThatThrownBy(() -> Fault.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageContaining(spec);
    }
}

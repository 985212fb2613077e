package io.meshlens.loadtest;

import io.meshlens.sim.ServeStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTest {
    @Test
    void keptServedIsTheGrowthOfTheNamesTheAgentsFilterKeeps() {
        ServeStats.Snapshot before = new ServeStats.Snapshot(1, 100, 10, Map.of("response_total", 4L,
                "tcp_open_total", 2L, "process_cpu_seconds_total", 4L));
        ServeStats.Snapshot after = new ServeStats.Snapshot(3, 300, 36, Map.of("response_total", 12L,
                "tcp_open_total", 6L, "process_cpu_seconds_total", 12L, "control_response_latency_ms_bucket", 6L));
        assertThat(Bench.kept(Agent.MESHLENS, before, after)).isEqualTo(8 + 6);
        assertThat(Bench.kept(Agent.MESHLENS_RELABEL, before, after)).isEqualTo(8 + 4);
    }

    @Test
    void theStoredCountIsAskedAgainUntilItReachesWhatWasServedOrStopsGrowing() throws Exception {
        java.util.Iterator<Long> growing = List.of(10L, 20L, 30L, 99L).iterator();
        assertThat(Bench.drained(growing::next, 30, java.time.Duration.ZERO, java.time.Duration.ofMinutes(1)))
                .isEqualTo(30);
        java.util.Iterator<Long> stuck = List.of(10L, 20L, 20L, 99L).iterator();
        assertThat(Bench.drained(stuck::next, 30, java.time.Duration.ZERO, java.time.Duration.ofMinutes(1)))
                .as("the same answer twice: drained, the rest is lost").isEqualTo(20);
        long[] calls = {0};
        assertThat(Bench.drained(() -> ++calls[0], 1_000_000, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50)))
                .as("the limit ends it").isBetween(2L, 10L);
    }
}

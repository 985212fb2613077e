package io.meshlens.loadtest;

import io.meshlens.sim.ServeStats;
import org.junit.jupiter.api.Test;

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
}

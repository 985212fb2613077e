package io.meshlens.loadtest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcStatTest {
    @Test
    void cpuTicksAreUtimePlusStimeCountedAfterTheLastParenthesisOfTheCommandName() {
        // comm "(java) x)" has a space and a ')' of its own, as a renamed thread can.
        String stat = "4242 (java) x) S 1 4242 4242 0 -1 4194304 51234 0 12 0 1500 250 0 0 20 0 57 0 "
                + "123456 9000000000 200000 18446744073709551615 1 1 0 0 0 0 0 4096 17919 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStat.cpuTicks(stat)).isEqualTo(1750);
    }

    @Test
    void cpuTicksRejectALineThatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStat.cpuTicks("no parenthesis here")).hasMessageContaining("/proc/<pid>/stat");
    }

    @Test
    void statusKbReadsTheNamedKilobyteField() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  812345 kB\nVmRSS:\t  700001 kB\nThreads:\t57\n";
        assertThat(ProcStat.statusKb(status, "VmRSS")).isEqualTo(700001);
        assertThat(ProcStat.statusKb(status, "VmHWM")).isEqualTo(812345);
        assertThat(ProcStat.statusKb(status, "VmSwap")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasCpuTimeAndResidentMemory() throws Exception {
        long self = ProcessHandle.current().pid();
        assertThat(ProcStat.cpuSeconds(self)).isPositive();
        long rss = ProcStat.rssKb(self); // read first: the high-water mark only grows after it
        assertThat(rss).isPositive();
        assertThat(ProcStat.hwmKb(self)).isGreaterThanOrEqualTo(rss);
    }
}

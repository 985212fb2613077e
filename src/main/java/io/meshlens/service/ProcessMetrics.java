package io.meshlens.service;

import io.meshlens.model.Attributes;
import io.meshlens.telemetry.Telemetry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Collector's {@code otelcol_process_*} metrics, read at scrape time. The Collector reads Go's
 * runtime.MemStats; the JVM has no exact equivalents, so each Go field maps to the nearest JVM
 * figure (noted per metric) — close enough to watch trends and limits, not to compare byte-exact.
 */
final class ProcessMetrics {
    private ProcessMetrics() {
    }

    static void register(Telemetry t) {
        long startNanos = System.nanoTime();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Attributes none = Attributes.EMPTY;
        t.counterCallback("otelcol_process_uptime", "Uptime of the process",
                none, () -> (System.nanoTime() - startNanos) / 1e9);
        // Go HeapAlloc = bytes of live + not yet swept heap objects ≈ JVM heap "used".
        t.gaugeCallback("otelcol_process_runtime_heap_alloc_bytes",
                "Bytes of allocated heap objects (see 'go doc runtime.MemStats.HeapAlloc')",
                none, () -> memory.getHeapMemoryUsage().getUsed());
        // Go TotalAlloc = cumulative bytes allocated; the JVM counts this per thread (HotSpot TLAB
        // accounting), summed over live and terminated platform threads.
        t.counterCallback("otelcol_process_runtime_total_alloc_bytes",
                "Cumulative bytes allocated for heap objects (see 'go doc runtime.MemStats.TotalAlloc')",
                none, ProcessMetrics::totalAllocatedBytes);
        // Go Sys = all memory obtained from the OS ≈ committed heap + committed non-heap (metaspace, code cache).
        t.gaugeCallback("otelcol_process_runtime_total_sys_memory_bytes",
                "Total bytes of memory obtained from the OS (see 'go doc runtime.MemStats.Sys')",
                none, () -> memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted());
        t.counterCallback("otelcol_process_cpu_seconds", "Total CPU user and system time in seconds",
                none, ProcessMetrics::cpuSeconds);
        t.gaugeCallback("otelcol_process_memory_rss", "Total physical memory (resident set size)",
                none, ProcessMetrics::rssBytes);
    }

    private static double totalAllocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
                && b.isThreadAllocatedMemorySupported() && b.isThreadAllocatedMemoryEnabled()) {
            return b.getTotalThreadAllocatedBytes();
        }
        return Double.NaN;
    }

    private static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }

    /** VmRSS from /proc/self/status (Linux); NaN elsewhere. */
    static double rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}

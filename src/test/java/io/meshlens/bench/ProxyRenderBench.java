package io.meshlens.bench;

import io.meshlens.sim.Fault;
import io.meshlens.sim.ProxyMetrics;
import io.meshlens.sim.ShopModel;
import io.meshlens.sim.SimPod;
import io.meshlens.sim.TrafficModel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of rendering proxy pages: one op renders every proxy of an N-pod shop once (what a scrape
 * round costs the simulator). The {@code series} aux counter gives series rendered per second, so
 * ns per series = 1e9 / series rate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProxyRenderBench {
    @Param({"30", "1000"})
    int pods;

    private final List<ProxyMetrics> pages = new ArrayList<>();
    private long now;
    private int seriesPerRound;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counts {
        public long series;

        @Setup(Level.Iteration)
        public void reset() {
            series = 0;
        }
    }

    @Setup
    public void setup() {
        long t0 = 1_780_000_000_000L;
        ShopModel shop = new ShopModel(pods, 42, t0);
        TrafficModel traffic = new TrafficModel(shop, List.of(Fault.parse("ad:grpc-unavailable:0.1")));
        for (SimPod p : shop.pods()) {
            pages.add(new ProxyMetrics(p, traffic, false));
        }
        now = t0 + 3_600_000;
        for (ProxyMetrics m : pages) {
            for (byte b : m.render(now)) {
                if (b == '\n') {
                    seriesPerRound++;
                }
            }
        }
    }

    @Benchmark
    public long renderAllProxies(Counts counts) {
        long bytes = 0;
        now += 1000;
        for (ProxyMetrics m : pages) {
            bytes += m.render(now).length;
        }
        counts.series += seriesPerRound;
        return bytes;
    }
}

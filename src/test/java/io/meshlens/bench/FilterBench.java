package io.meshlens.bench;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.ottl.Condition;
import io.meshlens.ottl.OttlContext;
import io.meshlens.ottl.OttlSyntaxException;
import io.meshlens.ottl.Target;
import io.meshlens.processor.filter.ErrorMode;
import io.meshlens.processor.filter.FilterCondition;
import io.meshlens.processor.filter.FilterConfig;
import io.meshlens.processor.filter.FilterProcessorFactory;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.FilterLinkerdScrape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The seed's filter/mesh condition over one Linkerd proxy scrape ({@link #METRICS} families, 7
 * label sets per golden family; times are per scrape, divide by {@link #METRICS} or {@link #POINTS}):
 * <ul>
 *   <li>{@code seedConditionPerMetric}: compiled condition, evaluated for every metric (no memo);</li>
 *   <li>{@code processorSteadyState} minus {@code copyBaseline}: the processor on a repeat scrape,
 *       where every verdict comes from the memo (the copy is needed because filtering mutates);</li>
 *   <li>{@code datapointConditionPerPoint}: a datapoint condition on every point (should not allocate).</li>
 * </ul>
 * Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main FilterBench -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterBench {
    static final String SEED = "not(name == \"response_total\" or IsMatch(name, \"response_latency_ms.*\") "
            + "or name == \"tcp_open_connections\" or name == \"tcp_read_bytes_total\" "
            + "or name == \"tcp_write_bytes_total\")";
    static final int METRICS = FilterLinkerdScrape.allNames().size();
    static final int POINTS = FilterLinkerdScrape.batch(1, 7).pointCount();

    MetricBatch scrape;
    List<Metric> metrics;
    Condition seed;
    Condition datapoint;
    MetricsProcessor processor;
    final Target target = new Target();

    @Setup
    public void setup() throws OttlSyntaxException {
        scrape = FilterLinkerdScrape.batch(1, 7);
        ResourceMetrics rm = scrape.resources().get(0);
        ScopeMetrics sm = rm.scopes().get(0);
        metrics = sm.metrics();
        target.at(rm.resource(), sm.scope());
        seed = Condition.parse(SEED, OttlContext.METRIC);
        datapoint = Condition.parse("attributes[\"classification\"] == \"failure\" and value_double > 100",
                OttlContext.DATAPOINT);
        FilterConfig config = new FilterConfig(ErrorMode.IGNORE, List.of(new FilterCondition(SEED, null, seed)),
                List.of(), null, null, List.of());
        processor = new FilterProcessorFactory().createMetrics(new CreateSettings(new ComponentId("filter", "mesh"),
                Kind.PROCESSOR, "metrics/mesh", new Telemetry(), Logger.getLogger("bench")), config, b -> { });
        processor.consumeMetrics(scrape.copy()); // warm the verdict memo, as the first scrape does
    }

    @Benchmark
    public void seedConditionPerMetric(Blackhole bh) {
        for (int i = 0; i < metrics.size(); i++) {
            bh.consume(seed.evaluate(target.metric(metrics.get(i))));
        }
    }

    @Benchmark
    public MetricBatch copyBaseline() {
        return scrape.copy();
    }

    @Benchmark
    public void processorSteadyState() {
        processor.consumeMetrics(scrape.copy());
    }

    @Benchmark
    public void datapointConditionPerPoint(Blackhole bh) {
        for (int m = 0; m < metrics.size(); m++) {
            Metric metric = metrics.get(m);
            target.metric(metric);
            for (int i = 0; i < metric.pointCount(); i++) {
                bh.consume(datapoint.evaluate(target.point(i)));
            }
        }
    }
}

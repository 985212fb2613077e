package io.meshlens.lint;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Extension;
import io.meshlens.component.Host;
import io.meshlens.component.Kind;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.exporter.prometheusremotewrite.PrometheusRemoteWriteConfig;
import io.meshlens.model.MetricBatch;
import io.meshlens.receiver.prometheus.PrometheusReceiverConfig;
import io.meshlens.remotewrite.TranslationSettings;
import io.meshlens.scrape.PromConfig;
import io.meshlens.scrape.ScrapeBody;
import io.meshlens.scrape.ScrapeConfig;
import io.meshlens.scrape.ScrapeException;
import io.meshlens.scrape.Target;
import io.meshlens.scrape.TargetScraper;
import io.meshlens.service.ServiceConfig;
import io.meshlens.service.Version;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.textparse.Entry;
import io.meshlens.textparse.ParseException;
import io.meshlens.textparse.Parser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code meshlens explain}: a dry run of one scrape through a metrics pipeline. The sample goes
 * through the prometheus receiver's scrape (target labels, {@code metric_relabel_configs},
 * synthetic series) and then every processor of the pipeline, created by its own factory from the
 * config; exporters are not started — the last batch is only translated as the remote-write
 * exporter would, to list the names that land. Processors that need a live cluster, timing or
 * memory pressure (k8sattributes, batch, memory_limiter) pass data through, and the report says so.
 */
public final class Explainer {
    private static final Set<String> PASS_THROUGH = Set.of("memory_limiter", "batch", "k8sattributes");
    private static final Logger QUIET = Logger.getLogger("io.meshlens.lint.explain");

    static {
        QUIET.setLevel(Level.WARNING);
    }

    private Explainer() {
    }

    /**
     * @param pipelineId e.g. {@code metrics/mesh}; null for the first metrics pipeline fed by a prometheus receiver
     * @throws IllegalArgumentException when the config has nothing to explain (no such pipeline, no
     *         prometheus receiver, target dropped by relabeling) or the sample does not parse
     */
    public static StageReport explain(ServiceConfig config, String pipelineId, Sample sample) {
        List<String> notes = new ArrayList<>();
        ServiceConfig.PipelineConfig pipeline = pipeline(config, pipelineId);
        ComponentId receiverId = pipeline.receivers().stream().filter(r -> r.type().equals("prometheus")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(pipeline.id() + " has no prometheus receiver to explain"));
        PromConfig prom = ((PrometheusReceiverConfig) config.receivers().get(receiverId).config()).config();
        if (prom == null || prom.scrapeConfigs().isEmpty()) {
            throw new IllegalArgumentException(receiverId + " has no scrape_configs");
        }
        ScrapeConfig scrape = prom.scrapeConfigs().getFirst();
        if (prom.scrapeConfigs().size() > 1) {
            notes.add("only job " + scrape.jobName() + " (the first of " + prom.scrapeConfigs().size()
                    + " scrape_configs) is explained");
        }
        Target target = SampleTarget.build(scrape, sample.url(), notes);
        Map<String, String> external = prom.global().externalLabels();
        TranslationSettings landing = translation(config, pipeline, notes);
        TranslationSettings counting = new TranslationSettings(landing.namespace(), landing.externalLabels(),
                landing.addMetricSuffixes(), false, landing.resourceToTelemetry(), false);

        long now = System.currentTimeMillis();
        // The page alone: the same scrape without metric relabeling, its synthetic series taken out again.
        Target unrelabeled = new Target(target.labels(), target.discovered(), withoutMetricRelabel(scrape));
        MetricBatch page = scrape(unrelabeled, external, sample, now);
        MetricBatch syntheticOnly = scrape(target, external, Sample.emptyLike(sample), now);
        Set<String> synthetic = metricNames(syntheticOnly);
        page.resources().forEach(rm -> rm.scopes().forEach(sm -> sm.metrics().removeIf(m -> synthetic.contains(m.name()))));
        page.removeEmpty();

        List<StageReport.Stage> stages = new ArrayList<>();
        stages.add(stage("scrape", page, counting, List.of()));
        int declared = declaredFamilies(sample);
        if (declared != stages.getFirst().families()) {
            notes.add("the page declares " + declared + " families (# TYPE); " + (declared - stages.getFirst().families())
                    + " of them have no series");
        }
        MetricBatch batch = scrape(target, external, sample, now);
        stages.add(stage(receiverId.toString(), batch, counting, stages.getLast().names()));
        notes.add("stage " + receiverId + ": after metric_relabel_configs (" + scrape.metricRelabelConfigs().size()
                + " rules), plus the synthetic up/scrape_* series, which metric relabeling never sees");
        for (ComponentId id : pipeline.processors()) {
            if (PASS_THROUGH.contains(id.type())) {
                notes.add("stage " + id + ": passed through (" + why(id.type()) + ")");
            } else {
                batch = process(config.processors().get(id), pipeline.id(), batch);
            }
            stages.add(stage(id.toString(), batch, counting, stages.getLast().names()));
        }
        return new StageReport(pipeline.id(), sample.description(), stages, landed(batch, syntheticOnly, landing, counting),
                notes);
    }

    private static List<StageReport.LandedName> landed(MetricBatch last, MetricBatch syntheticOnly,
                                                       TranslationSettings landing, TranslationSettings counting) {
        Set<String> withoutInfo = new HashSet<>(StageMeasure.written(last, counting).names());
        Set<String> synthetic = new HashSet<>(StageMeasure.written(syntheticOnly, counting).names());
        List<StageReport.LandedName> out = new ArrayList<>();
        for (StageReport.Origin o : StageReport.Origin.values()) {
            for (String n : StageMeasure.written(last, landing).names()) {
                StageReport.Origin origin = !withoutInfo.contains(n) ? StageReport.Origin.EXPORTER
                        : synthetic.contains(n) ? StageReport.Origin.SYNTHETIC : StageReport.Origin.SCRAPED;
                if (origin == o) {
                    out.add(new StageReport.LandedName(n, o));
                }
            }
        }
        return out;
    }

    private static StageReport.Stage stage(String name, MetricBatch batch, TranslationSettings counting, List<String> before) {
        StageMeasure.Written w = StageMeasure.written(batch, counting);
        Set<String> after = new HashSet<>(w.names());
        List<String> dropped = before.stream().filter(n -> !after.contains(n)).toList();
        return new StageReport.Stage(name, StageMeasure.families(batch), w.names(), w.series(), w.labelsPerSeries(), dropped);
    }

    private static ServiceConfig.PipelineConfig pipeline(ServiceConfig config, String id) {
        for (ServiceConfig.PipelineConfig p : config.pipelines()) {
            if (id == null ? p.signal() == Signal.METRICS && p.receivers().stream().anyMatch(r -> r.type().equals("prometheus"))
                    : p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException(id == null ? "no metrics pipeline with a prometheus receiver"
                : "no pipeline " + id + " (have: " + config.pipelines().stream().map(ServiceConfig.PipelineConfig::id).toList() + ")");
    }

    /** The first prometheusremotewrite exporter's translation; the exporter's defaults when the pipeline has none. */
    private static TranslationSettings translation(ServiceConfig config, ServiceConfig.PipelineConfig pipeline, List<String> notes) {
        for (ComponentId id : pipeline.exporters()) {
            if (config.exporters().get(id).config() instanceof PrometheusRemoteWriteConfig c) {
                notes.add("landed names: as exporter " + id + " translates them (not started)");
                return c.translationSettings();
            }
        }
        notes.add("landed names: " + pipeline.id() + " has no prometheusremotewrite exporter; named with its defaults");
        return TranslationSettings.defaults();
    }

    private static String why(String type) {
        return switch (type) {
            case "k8sattributes" -> "needs a live Kubernetes API; in a cluster it adds k8s.* resource attributes";
            case "batch" -> "only groups data over time";
            default -> "only refuses data under memory pressure";
        };
    }

    private static MetricBatch scrape(Target target, Map<String, String> external, Sample sample, long now) {
        try {
            return new TargetScraper(target, Version.get(), external).process(sample.body(), now, 0.0);
        } catch (ScrapeException e) {
            throw new IllegalArgumentException("scraping " + sample.description() + ": " + e.getMessage(), e);
        }
    }

    /** Runs one processor, created by its factory exactly as the service would, and returns what it forwarded. */
    @SuppressWarnings("unchecked")
    private static MetricBatch process(ServiceConfig.ComponentConfig cc, String pipeline, MetricBatch in) {
        MetricBatch[] out = {new MetricBatch()};
        ProcessorFactory<Object> f = (ProcessorFactory<Object>) cc.factory();
        MetricsProcessor p = f.createMetrics(new CreateSettings(cc.id(), Kind.PROCESSOR, pipeline, new Telemetry(), QUIET),
                cc.config(), b -> out[0] = b);
        try {
            p.start(new DryRunHost());
            p.consumeMetrics(in.copy());
            p.shutdown();
        } catch (Exception e) {
            throw new IllegalArgumentException(Kind.PROCESSOR.describe(cc.id()) + ": " + e.getMessage(), e);
        }
        return out[0];
    }

    private static int declaredFamilies(Sample sample) {
        ScrapeBody b = sample.body();
        Parser p = Parser.forContentType(b.contentType(), b.bytes(), 0, b.length());
        Set<String> names = new HashSet<>();
        try {
            while (p.next() != Entry.EOF) {
                if (p.entry() == Entry.TYPE) {
                    names.add(p.metricName());
                }
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("parsing " + sample.description() + ": " + e.getMessage(), e);
        }
        return names.size();
    }

    private static Set<String> metricNames(MetricBatch b) {
        Set<String> names = new HashSet<>();
        b.resources().forEach(rm -> rm.scopes().forEach(sm -> sm.metrics().forEach(m -> names.add(m.name()))));
        return names;
    }

    private static ScrapeConfig withoutMetricRelabel(ScrapeConfig c) {
        return new ScrapeConfig(c.jobName(), c.scrapeInterval(), c.scrapeTimeout(), c.metricsPath(), c.scheme(), c.params(),
                c.honorLabels(), c.honorTimestamps(), c.sampleLimit(), c.labelLimit(), c.labelNameLengthLimit(),
                c.labelValueLengthLimit(), c.bodySizeLimit(), c.targetLimit(), c.http(), c.staticConfigs(),
                c.fileSdConfigs(), c.kubernetesSdConfigs(), c.relabelConfigs(), List.of());
    }

    /** No extensions, no server: processors that look for either do without. */
    private static final class DryRunHost implements Host {
        private final Telemetry telemetry = new Telemetry();

        @Override
        public Map<ComponentId, Extension> extensions() {
            return Map.of();
        }

        @Override
        public Telemetry telemetry() {
            return telemetry;
        }

        @Override
        public void reportFatalError(ComponentId id, Throwable error) {
            throw new IllegalStateException(id + ": " + error.getMessage(), error);
        }
    }
}

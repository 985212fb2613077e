package io.meshlens.receiver.prometheus;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.Receiver;
import io.meshlens.discovery.Discoverer;
import io.meshlens.discovery.FileDiscoverer;
import io.meshlens.discovery.StaticDiscoverer;
import io.meshlens.k8s.KubernetesDiscovery;
import io.meshlens.k8s.KubernetesSdConfig;
import io.meshlens.scrape.HttpClientShards;
import io.meshlens.scrape.ScrapeConfig;
import io.meshlens.scrape.ScrapePool;
import io.meshlens.service.Version;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.telemetry.ReceiverTelemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code prometheus} receiver: one {@link ScrapePool} per scrape config, fed by its
 * discoverers; every scrape becomes one batch pushed to the pipelines. Targets are listed on the
 * self-telemetry server at {@code /api/v1/targets}, in Prometheus's format.
 */
final class PrometheusReceiver implements Receiver {
    /** The cardinality stage of what the targets exposed. */
    static final String SCRAPED_STAGE = "scraped (exposed)";

    private final CreateSettings settings;
    private final PrometheusReceiverConfig config;
    private final MetricsConsumer next;
    private final List<ScrapePool> pools = new ArrayList<>();
    private final Duration discoveryUpdateEvery;

    PrometheusReceiver(CreateSettings settings, PrometheusReceiverConfig config, MetricsConsumer next,
                       Duration discoveryUpdateEvery) {
        this.settings = settings;
        this.config = config;
        this.next = next;
        this.discoveryUpdateEvery = discoveryUpdateEvery;
    }

    List<ScrapePool> pools() {
        return pools;
    }

    @Override
    public void start(Host host) throws Exception {
        ReceiverTelemetry telemetry = new ReceiverTelemetry(settings.telemetry(), settings.id().toString(), "http");
        long jitterSeed = ThreadLocalRandom.current().nextLong();
        // What the targets expose, before metric_relabel_configs: the first stage of the cardinality view.
        CardinalityTracker.Exposure exposure = CardinalityTracker.of(settings.telemetry())
                .exposure(settings.id().toString(), SCRAPED_STAGE);
        for (ScrapeConfig sc : config.config().scrapeConfigs()) {
            List<Discoverer> ds = new ArrayList<>();
            if (!sc.staticConfigs().isEmpty()) {
                ds.add(new StaticDiscoverer(sc.staticConfigs()));
            }
            for (ScrapeConfig.FileSdConfig f : sc.fileSdConfigs()) {
                ds.add(new FileDiscoverer(f.files(), f.refreshInterval()));
            }
            for (KubernetesSdConfig k : sc.kubernetesSdConfigs()) {
                ds.add(KubernetesDiscovery.create(k));
            }
            // Clients per job (its tls_config, redirects and HTTP/2 setting), a few shared by all its
            // targets; connections are reused across scrapes.
            HttpClientShards clients = new HttpClientShards(
                    sc.http().newClientBuilder(Duration.ofSeconds(10), sc.scheme().equals("https")));
            ScrapePool pool = new ScrapePool(sc, config.config().global().externalLabels(), ds, next, telemetry, clients,
                    Version.get(), discoveryUpdateEvery, jitterSeed);
            pool.reportExposure(exposure);
            pools.add(pool);
            pool.start();
        }
        TargetsPage.register(host, this);
    }

    @Override
    public void shutdown() throws InterruptedException {
        TargetsPage.unregister(this);
        List<Thread> stops = pools.stream().map(p -> Thread.ofVirtual().start(p::stop)).toList();
        for (Thread t : stops) {
            t.join();
        }
        pools.clear();
    }
}

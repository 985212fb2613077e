package io.meshlens.scrape;

import io.meshlens.component.MetricsConsumer;
import io.meshlens.discovery.Discoverer;
import io.meshlens.discovery.TargetGroup;
import io.meshlens.relabel.Labels;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.telemetry.ReceiverTelemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The targets of one scrape config: collects target groups from its discoverers, turns them into
 * targets (relabeling, defaults, de-duplication of identical targets, target_limit), and keeps one
 * {@link ScrapeLoop} per target — started when a target appears, stopped (with stale markers)
 * when it goes away. Group updates are applied at most once per {@code updateEvery}, as
 * Prometheus's discovery manager throttles them.
 */
public final class ScrapePool {
    private static final Logger LOG = Logger.getLogger(ScrapePool.class.getName());

    private final ScrapeConfig config;
    private final List<Discoverer> discoverers;
    private final MetricsConsumer next;
    private final ReceiverTelemetry telemetry;
    private final HttpClientShards clients;
    private final HttpScraper http;
    private final String scopeVersion;
    private final Duration updateEvery;
    private final long jitterSeed;
    /** Latest group per (discoverer index, source). */
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    private final Map<Labels, ScrapeLoop> loops = new HashMap<>();
    private volatile List<Labels> dropped = List.of();
    private final Object lock = new Object();
    private volatile boolean dirty;
    private volatile boolean stopped;
    private Thread updater;
    private volatile CardinalityTracker.Exposure exposure;

    private final Map<String, String> externalLabels;

    public ScrapePool(ScrapeConfig config, Map<String, String> externalLabels, List<Discoverer> discoverers,
                      MetricsConsumer next,
                      ReceiverTelemetry telemetry, HttpClientShards clients, String scopeVersion, Duration updateEvery,
                      long jitterSeed) throws java.io.IOException {
        this.config = config;
        this.externalLabels = Map.copyOf(externalLabels);
        this.discoverers = discoverers;
        this.next = next;
        this.telemetry = telemetry;
        this.clients = clients;
        this.http = new HttpScraper(clients, "meshlens/" + scopeVersion, config.http().authHeaders());
        this.scopeVersion = scopeVersion;
        this.updateEvery = updateEvery;
        this.jitterSeed = jitterSeed;
    }

    /** Every target's successful scrapes are reported, as exposed, to {@code exposure}; call before {@link #start}. */
    public void reportExposure(CardinalityTracker.Exposure exposure) {
        this.exposure = exposure;
    }

    public ScrapeConfig config() {
        return config;
    }

    public void start() {
        for (int i = 0; i < discoverers.size(); i++) {
            int idx = i;
            discoverers.get(i).start(updates -> {
                synchronized (lock) {
                    for (TargetGroup g : updates) {
                        groups.put(idx + "/" + g.source(), g);
                    }
                }
                dirty = true;
            });
        }
        sync();
        updater = Thread.ofVirtual().name("scrape-pool " + config.jobName()).start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(updateEvery);
                } catch (InterruptedException e) {
                    return;
                }
                if (dirty && !stopped) {
                    sync();
                }
            }
        });
    }

    /** Rebuilds the target set from the current groups and starts/stops loops to match it. */
    void sync() {
        dirty = false;
        List<TargetGroup> snapshot;
        synchronized (lock) {
            snapshot = new ArrayList<>(groups.values());
        }
        TargetLabels.Settings settings = config.targetSettings();
        Map<Labels, Target> wanted = new LinkedHashMap<>();
        List<Labels> droppedNow = new ArrayList<>();
        for (TargetGroup g : snapshot) {
            Labels groupLabels = Labels.of(g.labels());
            for (Map<String, String> t : g.targets()) {
                TargetLabels.Result r = TargetLabels.populate(Labels.of(t), groupLabels, settings);
                switch (r.status()) {
                    // Identical targets after relabeling are one target (Prometheus and vmagent agree).
                    case ACTIVE -> wanted.putIfAbsent(r.labels(), Target.of(r, config));
                    case DROPPED -> droppedNow.add(r.discovered());
                    case FAILED -> LOG.warning("job " + config.jobName() + ": creating target failed: " + r.error());
                }
            }
        }
        dropped = List.copyOf(droppedNow);
        boolean overLimit = config.targetLimit() > 0 && wanted.size() > config.targetLimit();
        synchronized (loops) {
            for (Map.Entry<Labels, ScrapeLoop> e : new ArrayList<>(loops.entrySet())) {
                if (!wanted.containsKey(e.getKey()) || overLimit) {
                    loops.remove(e.getKey()).stop();
                }
            }
            if (overLimit) {
                LOG.warning("job " + config.jobName() + ": target_limit exceeded (number of targets: " + wanted.size()
                        + ", limit: " + config.targetLimit() + "); not scraping any target");
                return;
            }
            for (Map.Entry<Labels, Target> e : wanted.entrySet()) {
                if (!loops.containsKey(e.getKey())) {
                    ScrapeLoop loop = new ScrapeLoop(e.getValue(), http, new TargetScraper(e.getValue(), scopeVersion, externalLabels,
                            next.dropHint()),
                            next, telemetry, jitterSeed);
                    CardinalityTracker.Exposure x = exposure;
                    if (x != null) {
                        loop.reportExposure(x);
                    }
                    loops.put(e.getKey(), loop);
                    loop.start();
                }
            }
        }
    }

    /** Discovered labels of the targets relabeling dropped (the targets page lists them). */
    public List<Labels> droppedTargets() {
        return dropped;
    }

    public Collection<TargetStatus> statuses() {
        synchronized (loops) {
            return loops.values().stream().map(ScrapeLoop::status).toList();
        }
    }

    public void stop() {
        stopped = true;
        if (updater != null) {
            updater.interrupt();
        }
        discoverers.forEach(Discoverer::stop);
        List<ScrapeLoop> all;
        synchronized (loops) {
            all = new ArrayList<>(loops.values());
            loops.clear();
        }
        // Stop in parallel: each stop waits for an in-flight scrape.
        List<Thread> ts = all.stream().map(l -> Thread.ofVirtual().start(l::stop)).toList();
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        clients.close();
    }
}

package io.meshlens.service;

import com.sun.net.httpserver.HttpHandler;
import io.meshlens.component.Component;
import io.meshlens.component.ComponentId;
import io.meshlens.component.Exporter;
import io.meshlens.component.Extension;
import io.meshlens.component.Host;
import io.meshlens.component.Receiver;
import io.meshlens.model.Attributes;
import io.meshlens.telemetry.Telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running meshlens: the component graph of one {@link ServiceConfig}, its self-telemetry and the
 * lifecycle. Start order: telemetry server, extensions, exporters, processors (last to first),
 * receivers, then {@link Extension#ready()}; shutdown is the exact reverse, after
 * {@link Extension#notReady()}, so receivers stop first and what is in flight drains downstream.
 */
public final class Service implements Host {
    private static final Logger LOG = Logger.getLogger("service");

    private final ServiceConfig config;
    private final Telemetry telemetry;
    private final ServiceGraph graph;
    private final List<Component> started = new ArrayList<>();
    /** Completes with the error of {@link #reportFatalError}, or null once shut down. */
    private final CompletableFuture<Throwable> stopped = new CompletableFuture<>();
    private TelemetryServer server;
    private boolean shutDown;
    private Thread shutdownThread;
    private OldGenerationKeeper oldGenerationKeeper;

    public Service(ServiceConfig config) {
        this(config, new Telemetry(Attributes.of("service_name", "meshlens",
                "service_instance_id", UUID.randomUUID().toString(), "service_version", Version.get())));
    }

    /** With a given telemetry registry (tests). */
    public Service(ServiceConfig config, Telemetry telemetry) {
        this.config = config;
        this.telemetry = telemetry;
        ProcessMetrics.register(telemetry);
        this.graph = ServiceGraph.build(config, telemetry);
    }

    /**
     * Starts everything. When a component fails to start, the ones already started are shut down
     * (reverse order) and the failure is thrown.
     */
    public synchronized void start() throws Exception {
        if (config.telemetry().metricsEnabled()) {
            HostPort address = HostPort.parse(config.telemetry().metricsAddress());
            server = TelemetryServer.start(address, telemetry);
            LOG.info("self-telemetry on http://" + server.address().getHostString() + ":" + server.port() + "/metrics");
        }
        try {
            for (Component c : graph.startOrder()) {
                c.start(this);
                started.add(c);
            }
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "start failed, shutting down what started: " + e.getMessage());
            stopComponents();
            closeServer();
            shutDown = true;
            stopped.complete(e);
            throw e;
        }
        for (Extension e : graph.extensions.values()) {
            e.ready();
        }
        oldGenerationKeeper = OldGenerationKeeper.startDefault();
        for (ServiceConfig.PipelineConfig p : config.pipelines()) {
            LOG.info("pipeline " + p.summary());
        }
        LOG.info("everything is ready; meshlens " + Version.get() + " is running");
    }

    /**
     * Shuts down (idempotent; a second caller waits for the first). Returns false when the
     * components did not finish within {@code timeout}: the caller should exit anyway.
     */
    public boolean shutdown(Duration timeout) {
        Thread t;
        synchronized (this) {
            if (shutdownThread == null) {
                shutdownThread = Thread.ofPlatform().name("meshlens-shutdown").unstarted(this::shutdownNow);
                shutdownThread.start();
            }
            t = shutdownThread;
        }
        try {
            if (!t.join(timeout)) {
                LOG.warning("shutdown did not finish within " + timeout.toMillis() + " ms");
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void shutdownNow() {
        synchronized (this) {
            if (shutDown) {
                return;
            }
            shutDown = true;
        }
        LOG.info("shutting down");
        for (Extension e : graph.extensions.values()) {
            try {
                e.notReady();
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "notReady failed", ex);
            }
        }
        stopComponents();
        closeServer();
        if (oldGenerationKeeper != null) {
            oldGenerationKeeper.close();
        }
        LOG.info("shutdown complete");
        stopped.complete(null);
    }

    private void stopComponents() {
        List<Component> order = new ArrayList<>(started).reversed();
        for (Component c : order) {
            try {
                c.shutdown();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "shutdown of " + describe(c) + " failed: " + e.getMessage(), e);
            }
        }
        started.clear();
    }

    private void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Waits until the service stopped: returns the fatal error a component reported, or null when
     * it was shut down.
     */
    public Throwable awaitStop() {
        return stopped.join();
    }

    /** Like {@link #awaitStop()} with a limit; returns false when still running. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        try {
            stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public void reportFatalError(ComponentId id, Throwable error) {
        LOG.log(Level.SEVERE, "fatal error in " + id + ": " + error.getMessage(), error);
        stopped.complete(error);
    }

    @Override
    public Map<ComponentId, Extension> extensions() {
        return Map.copyOf(graph.extensions);
    }

    @Override
    public Telemetry telemetry() {
        return telemetry;
    }

    @Override
    public void addHttpHandler(String path, HttpHandler handler) {
        if (server == null) {
            Host.super.addHttpHandler(path, handler); // throws: self-telemetry is off
        } else {
            server.addHandler(path, handler);
        }
    }

    /** The self-telemetry server, or null when service.telemetry.metrics.level is none or before start. */
    public TelemetryServer telemetryServer() {
        return server;
    }

    public ServiceConfig config() {
        return config;
    }

    public Receiver receiver(ComponentId id) {
        return graph.receivers.get(id);
    }

    public Exporter exporter(ComponentId id) {
        return graph.exporters.get(id);
    }

    public Extension extension(ComponentId id) {
        return graph.extensions.get(id);
    }

    /** The processor instances of one pipeline, in pipeline order. */
    public List<Component> processors(String pipelineId) {
        return List.copyOf(graph.processors.getOrDefault(pipelineId, List.of()));
    }

    private String describe(Component c) {
        for (var e : graph.receivers.entrySet()) {
            if (e.getValue() == c) {
                return "receivers::" + e.getKey();
            }
        }
        for (var e : graph.exporters.entrySet()) {
            if (e.getValue() == c) {
                return "exporters::" + e.getKey();
            }
        }
        for (var e : graph.extensions.entrySet()) {
            if (e.getValue() == c) {
                return "extensions::" + e.getKey();
            }
        }
        return c.getClass().getSimpleName();
    }
}

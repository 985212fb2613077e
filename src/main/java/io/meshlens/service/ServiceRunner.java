package io.meshlens.service;

import io.meshlens.component.Components;
import io.meshlens.component.Factory;
import io.meshlens.component.Kind;
import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the CLI commands do: load and validate a config, run it until a signal, list components. */
public final class ServiceRunner {
    /** How long a graceful stop (SIGTERM/SIGINT) may take before the process exits anyway. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private ServiceRunner() {
    }

    /** A loaded config: usable when {@code errors} holds no error (it may hold warnings). */
    public record Loaded(ServiceConfig config, ConfigErrors errors) {
        public boolean ok() {
            return config != null && !errors.hasErrors();
        }
    }

    /** Loads (merge, env expansion, --set) and validates; every problem is in the result's errors. */
    public static Loaded load(List<Path> files, List<String> sets, Map<String, String> env, Components components) {
        ConfigLoader.Result r = ConfigLoader.load(files, sets, env);
        if (r.errors().hasErrors()) {
            return new Loaded(null, r.errors());
        }
        ConfigErrors errors = new ConfigErrors();
        errors.addAll(r.errors());
        ServiceConfig config = ServiceConfig.parse(r.root(), components, errors);
        return new Loaded(config, errors);
    }

    /** {@code validate}: problems one per line on {@code err}; on success one summary line per pipeline on {@code out}. */
    public static int validate(Loaded loaded, PrintStream out, PrintStream err) {
        printProblems(loaded.errors(), err);
        if (!loaded.ok()) {
            return 1;
        }
        for (ServiceConfig.PipelineConfig p : loaded.config().pipelines()) {
            out.println(p.summary());
        }
        return 0;
    }

    /**
     * {@code run}: starts the service and blocks. SIGTERM/SIGINT shut it down gracefully within
     * {@code shutdownTimeout}; the JVM then exits with 0 (1 when the shutdown timed out). Returns 1
     * when the config is invalid, the start failed, or a component reported a fatal error.
     */
    public static int run(Loaded loaded, Duration shutdownTimeout, PrintStream err) {
        printProblems(loaded.errors(), err);
        if (!loaded.ok()) {
            return 1;
        }
        Logging.configure(loaded.config().telemetry().logsLevel());
        Service service;
        try {
            service = new Service(loaded.config());
            service.start();
        } catch (Exception e) {
            err.println("meshlens: cannot start: " + e.getMessage());
            return 1;
        }
        // A JVM stopped by a signal exits with 128+signal even when its hooks finished cleanly; the
        // Collector exits 0 after a graceful stop, so the hook halts with the outcome of the shutdown.
        Thread hook = Thread.ofPlatform().name("meshlens-signal").unstarted(() -> {
            boolean ok = service.shutdown(shutdownTimeout);
            Logging.flush();
            err.flush();
            Runtime.getRuntime().halt(ok ? 0 : 1);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Throwable fatal = service.awaitStop();
        if (fatal == null) {
            return 0; // stopped by the hook, which decides the exit status
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            return 1;
        }
        service.shutdown(shutdownTimeout);
        return 1;
    }

    /** {@code components}: every type per kind with its description. */
    public static void listComponents(Components components, PrintStream out) {
        for (Kind kind : List.of(Kind.RECEIVER, Kind.PROCESSOR, Kind.EXPORTER, Kind.EXTENSION)) {
            out.println(kind.section() + ":");
            if (components.all(kind).isEmpty()) {
                out.println("  (none in this build)");
            }
            for (Factory<?> f : components.all(kind)) {
                String signals = f.signals().isEmpty() ? ""
                        : " [" + String.join(", ", f.signals().stream().map(s -> s.id()).sorted().toList()) + "]";
                out.printf("  %-24s %s%s%n", f.type(), f.description(), signals);
            }
        }
    }

    private static void printProblems(ConfigErrors errors, PrintStream err) {
        for (ConfigError e : errors.all()) {
            err.println(e);
        }
    }
}

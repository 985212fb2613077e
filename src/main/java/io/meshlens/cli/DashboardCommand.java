package io.meshlens.cli;

import io.meshlens.extension.meshview.GrafanaDashboard;
import io.meshlens.extension.meshview.MeshViewConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code meshlens dashboard}: prints a Grafana dashboard wired to the two datasources. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Prints a Grafana dashboard (JSON) with the mixed panel \"p99 latency: mesh layer vs. app layer\"",
                "(query A on the mesh datasource, B on the app datasource), workload success rate and RPS,",
                "and hidden gRPC failures. Example: meshlens dashboard --mesh-datasource vm --app-datasource prom > d.json"})
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--mesh-datasource", required = true, paramLabel = "UID",
            description = "Grafana UID of the datasource holding the mesh series (e.g. VictoriaMetrics).")
    String mesh;

    @Option(names = "--app-datasource", required = true, paramLabel = "UID",
            description = "Grafana UID of the datasource holding the app series (e.g. Prometheus).")
    String app;

    @Option(names = "--app-metric", paramLabel = "NAME", description = "App latency histogram in seconds, without "
            + "_bucket (default: ${DEFAULT-VALUE}).")
    String appMetric = MeshViewConfig.Latency.DEFAULT.appMetric();

    @Override
    public Integer call() {
        try {
            System.out.println(GrafanaDashboard.json(mesh, app, appMetric));
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("dashboard: " + e.getMessage());
            return 2;
        }
    }
}

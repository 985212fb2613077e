package io.meshlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

import static io.meshlens.cli.TextTable.ms;
import static io.meshlens.cli.TextTable.pct;
import static io.meshlens.cli.TextTable.rps;

/** {@code meshlens stat}: golden metrics per deployment from a running meshlens's mesh view. */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Golden metrics per meshed deployment (inbound, like `linkerd viz stat deploy`),",
                "read from a running meshlens's meshview extension."})
final class StatCommand implements Callable<Integer> {
    @Mixin
    MeshViewClient client;

    @Override
    public Integer call() {
        JsonNode doc = client.get("/api/workloads", System.err);
        if (doc == null) {
            return 1;
        }
        if (client.json()) {
            MeshViewClient.printJson(doc, System.out);
            return MeshViewClient.exitCode(doc);
        }
        TextTable t = new TextTable("NAMESPACE", "DEPLOYMENT", "MESHED", "SUCCESS", "RPS", "LATENCY_P50", "LATENCY_P95",
                "LATENCY_P99", "TCP_CONN");
        for (JsonNode w : doc.path("workloads")) {
            t.row(w.path("namespace").asText(), w.path("deployment").asText(), w.path("meshedPods").asText(),
                    pct(w.path("successRate")), rps(w.path("rps")), ms(w.path("p50Ms")), ms(w.path("p95Ms")),
                    ms(w.path("p99Ms")), Long.toString(Math.round(w.path("tcpConnections").asDouble())));
        }
        if (t.size() == 0) {
            System.out.println("No meshed workloads with inbound traffic in the window.");
        } else {
            t.print(System.out);
        }
        return MeshViewClient.exitCode(doc);
    }
}

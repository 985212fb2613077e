package io.meshlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static io.meshlens.cli.TextTable.ms;
import static io.meshlens.cli.TextTable.pct;
import static io.meshlens.cli.TextTable.rps;
import static io.meshlens.cli.TextTable.text;

/** {@code meshlens edges}: source → destination traffic with hidden gRPC failures and their root cause. */
@Command(name = "edges", mixinStandardHelpOptions = true,
        description = {"Source -> destination traffic (outbound, like `linkerd viz edges deploy`) with mTLS identity,",
                "hidden failures (HTTP 2xx but gRPC status != 0) and the most recent error spans of failing edges."})
final class EdgesCommand implements Callable<Integer> {
    @Mixin
    MeshViewClient client;

    @Override
    public Integer call() {
        JsonNode doc = client.get("/api/edges", System.err);
        if (doc == null) {
            return 1;
        }
        if (client.json()) {
            MeshViewClient.printJson(doc, System.out);
            return MeshViewClient.exitCode(doc);
        }
        TextTable t = new TextTable("SRC", "DST", "RPS", "SUCCESS", "LATENCY_P99", "HIDDEN_FAILURES", "TLS", "CLIENT_ID",
                "SERVER_ID");
        List<String> causes = new ArrayList<>();
        for (JsonNode row : doc.path("edges")) {
            JsonNode e = row.path("edge");
            List<String> hidden = new ArrayList<>();
            e.path("hiddenFailures").forEach(h -> hidden.add("grpc " + h.path("grpcStatus").asText() + " "
                    + h.path("name").asText() + " x" + h.path("count").asText()));
            String src = e.path("srcNamespace").asText() + "/" + e.path("src").asText();
            String dst = e.path("dstNamespace").asText() + "/" + e.path("dst").asText();
            t.row(src, dst, rps(e.path("rps")), pct(e.path("successRate")), ms(e.path("p99Ms")),
                    hidden.isEmpty() ? "-" : String.join(", ", hidden), text(e.path("tls")), text(e.path("clientId")),
                    text(e.path("serverId")));
            for (JsonNode s : row.path("rootCause")) {
                causes.add(src + " -> " + dst + ": " + s.path("name").asText() + " on " + s.path("service").asText()
                        + ": " + s.path("statusMessage").asText() + " (trace " + s.path("traceId").asText()
                        + (s.path("link").asText().isEmpty() ? "" : " " + s.path("link").asText()) + ")");
            }
        }
        if (t.size() == 0) {
            System.out.println("No outbound traffic between meshed workloads in the window.");
            return MeshViewClient.exitCode(doc);
        }
        t.print(System.out);
        if (!causes.isEmpty()) {
            System.out.println();
            System.out.println("Root cause (most recent error spans):");
            causes.forEach(c -> System.out.println("  " + c));
        }
        return MeshViewClient.exitCode(doc);
    }
}

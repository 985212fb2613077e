package io.meshlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.component.Components;
import io.meshlens.extension.meshview.MeshViewRig;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.testing.MeshviewBackends;
import io.meshlens.testing.MeshviewBackends.Backend;
import io.meshlens.testing.MeshviewFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code meshlens stat | edges | cardinality | dashboard} against a running mesh view on real backends. */
@Tag("e2e")
class MeshViewCommandsTest {
    @TempDir
    static Path dir;
    static Backend vm;
    static Backend prom;
    static MeshViewRig rig;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private final Components components = BuiltinComponents.create();

    @BeforeAll
    static void start() throws Exception {
        vm = MeshviewBackends.victoriaMetrics(dir);
        prom = MeshviewBackends.prometheus(dir);
        MeshviewFixture data = new MeshviewFixture(System.currentTimeMillis());
        vm.load(data.mesh());
        prom.load(data.app());
        rig = new MeshViewRig(MeshViewRig.config(vm.url(), prom.url(), ""));
        rig.sendAdErrorSpan();
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (vm != null) {
            vm.close();
        }
        if (prom != null) {
            prom.close();
        }
    }

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statPrintsOneRowPerDeployment() {
        assertThat(Main.execute(components, "stat", "--url", rig.url())).isEqualTo(0);
        assertThat(out().lines().toList()).containsExactly(
                "NAMESPACE  DEPLOYMENT  MESHED  SUCCESS  RPS       LATENCY_P50  LATENCY_P95  LATENCY_P99  TCP_CONN",
                "otel-demo  ad          1       80.00%   5.00rps   7.5ms        9.8ms        10ms         3",
                "otel-demo  cart        1       100.00%  10.00rps  20ms         49ms         50ms         2",
                "otel-demo  frontend    2       88.89%   4.50rps   25ms         30ms         30ms         8");
    }

    @Test
    void edgesPrintHiddenFailureAndRootCause() {
        assertThat(Main.execute(components, "edges", "--url", rig.url())).isEqualTo(0);
        String text = out();
        assertThat(text.lines().filter(l -> l.startsWith("otel-demo/frontend  otel-demo/ad")).findFirst().orElseThrow())
                .contains("5.00rps", "80.00%", "10ms", "grpc 14 UNAVAILABLE x", "true",
                        "frontend.otel-demo.serviceaccount.identity.linkerd.cluster.local",
                        "ad.otel-demo.serviceaccount.identity.linkerd.cluster.local");
        assertThat(text).contains("Root cause (most recent error spans):\n  otel-demo/frontend -> otel-demo/ad: "
                + "oteldemo.AdService/GetAds on frontend: " + MeshViewRig.AD_ERROR + " (trace " + MeshViewRig.AD_TRACE + ")");
    }

    @Test
    void jsonOutputIsTheApiDocument() throws Exception {
        assertThat(Main.execute(components, "edges", "--url", rig.url(), "-o", "json")).isEqualTo(0);
        var doc = new ObjectMapper().readTree(out());
        assertThat(doc.path("edges")).hasSize(2);
    }

    @Test
    void cardinalityPrintsBackendSeriesPerNameAndTheSummary() {
        assertThat(Main.execute(components, "cardinality", "--url", rig.url())).isEqualTo(0);
        assertThat(out()).contains("Mesh backend (layer=\"mesh\")", "response_latency_ms_bucket  156     25",
                "does nothing to the label cardinality inside a family you keep.");
    }

    @Test
    void unreachableMeshlensSaysWhatToDo() {
        assertThat(Main.execute(components, "stat", "--url", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("cannot read the mesh view API at "
                + "http://127.0.0.1:1/api/workloads").contains("Set --url to its endpoint.");
    }

    @Test
    void dashboardPrintsGrafanaJsonAndRefusesOneUidForBoth() throws Exception {
        assertThat(Main.execute(components, "dashboard", "--mesh-datasource", "vm", "--app-datasource", "prom")).isEqualTo(0);
        assertThat(new ObjectMapper().readTree(out()).path("panels")).hasSize(4);
        assertThat(Main.execute(components, "dashboard", "--mesh-datasource", "vm", "--app-datasource", "vm")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("dashboard: --mesh-datasource and --app-datasource "
                + "are the same UID (vm)");
    }
}

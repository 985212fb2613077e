package io.meshlens.extension.meshview;

import io.meshlens.extension.meshview.PromClient.PromException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static io.meshlens.extension.meshview.MeshLabels.MESH;

/**
 * Catches the seed's datasource mix-up: both inputs are Prometheus APIs, so it is easy to point
 * the mesh one at the app backend. Says in plain words when the two URLs are the same, when the
 * mesh datasource has no {@code layer="mesh"} series but the app datasource does (swapped), or when
 * neither has any (the mesh pipeline is not writing, or {@code resource/mesh} does not insert
 * {@code layer}); and when the mesh backend is a VictoriaMetrics that dropped labels
 * ({@link DroppedLabelsCheck}).
 */
final class DatasourceCheck {
    record Result(String mesh, String app, boolean ok, List<String> problems) {
    }

    private DatasourceCheck() {
    }

    static Result run(PromClient mesh, PromClient app) {
        List<String> problems = new ArrayList<>();
        if (sameUrl(mesh.baseUrl(), app.baseUrl())) {
            problems.add("datasources.mesh and datasources.app are the same URL (" + mesh.baseUrl() + "). Point "
                    + "datasources.mesh at the backend the mesh pipeline remote-writes to (e.g. VictoriaMetrics) "
                    + "and datasources.app at the one holding the app metrics (e.g. the demo's Prometheus).");
        }
        Long meshCount = count(mesh, problems);
        Long appCount = sameUrl(mesh.baseUrl(), app.baseUrl()) ? meshCount : count(app, problems);
        if (meshCount != null && meshCount == 0) {
            if (appCount != null && appCount > 0 && !sameUrl(mesh.baseUrl(), app.baseUrl())) {
                problems.add("The mesh datasource (" + mesh.baseUrl() + ") has no layer=\"mesh\" series, but the app "
                        + "datasource (" + app.baseUrl() + ") has " + appCount + ": the two datasources look "
                        + "swapped. Exchange datasources.mesh and datasources.app.");
            } else {
                problems.add("No layer=\"mesh\" series in the mesh datasource (" + mesh.baseUrl() + "). Check that "
                        + "the mesh pipeline runs and remote-writes there, and that resource/mesh inserts layer=mesh "
                        + "(with resource_to_telemetry_conversion enabled on the exporter).");
            }
        }
        String dropped = DroppedLabelsCheck.warning(mesh);
        if (dropped != null) {
            problems.add(dropped);
        }
        return new Result(mesh.baseUrl(), app.baseUrl(), problems.isEmpty(), problems);
    }

    private static Long count(PromClient c, List<String> problems) {
        try {
            return c.query("count({" + MESH + "})").stream().mapToLong(s -> Math.round(s.value())).sum();
        } catch (PromException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    static boolean sameUrl(String a, String b) {
        try {
            URI x = URI.create(a.replaceAll("/+$", "")).normalize();
            URI y = URI.create(b.replaceAll("/+$", "")).normalize();
            return x.getScheme().equalsIgnoreCase(y.getScheme()) && x.getHost().equalsIgnoreCase(y.getHost())
                    && port(x) == port(y) && x.getPath().equals(y.getPath());
        } catch (RuntimeException e) {
            return a.equals(b);
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}

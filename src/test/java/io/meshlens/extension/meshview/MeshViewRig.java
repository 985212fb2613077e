package io.meshlens.extension.meshview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.Extension;
import io.meshlens.component.Host;
import io.meshlens.component.Kind;
import io.meshlens.component.TracesConsumer;
import io.meshlens.exporter.meshview.MeshViewExporterConfig;
import io.meshlens.exporter.meshview.MeshViewExporterFactory;
import io.meshlens.model.Attributes;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import io.meshlens.telemetry.Telemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A started meshview extension plus a meshview exporter pointed at it, on a host of their own — the
 * part of a running meshlens the mesh view tests need. Close it to stop both.
 */
public final class MeshViewRig implements AutoCloseable {
    public static final String AD_ERROR = "14 UNAVAILABLE: client 10.42.0.216:52176: server: 10.42.0.217:4143.";
    public static final String AD_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    public final Telemetry telemetry = new Telemetry();
    public final MeshViewExtension extension;
    public final Exporter exporter;

    public MeshViewRig(MeshViewConfig config) throws Exception {
        ComponentId id = new ComponentId("meshview", "");
        extension = (MeshViewExtension) new MeshViewExtensionFactory().create(
                new CreateSettings(id, Kind.EXTENSION, "", telemetry, Logger.getLogger("meshview")), config);
        Map<ComponentId, Extension> exts = new LinkedHashMap<>(Map.of(id, extension));
        Host host = new Host() {
            @Override
            public Map<ComponentId, Extension> extensions() {
                return exts;
            }

            @Override
            public Telemetry telemetry() {
                return telemetry;
            }

            @Override
            public void reportFatalError(ComponentId c, Throwable error) {
                throw new AssertionError(c + ": " + error, error);
            }
        };
        extension.start(host);
        exporter = new MeshViewExporterFactory().create(new CreateSettings(id, Kind.EXPORTER, "", telemetry,
                Logger.getLogger("meshview exporter")), MeshViewExporterConfig.DEFAULT);
        exporter.start(host);
    }

    /** A config on a free port reading the given datasources, with a 5m rate window. */
    public static MeshViewConfig config(String mesh, String app, String traceUi) {
        MeshViewConfig d = MeshViewConfig.DEFAULT;
        return new MeshViewConfig("127.0.0.1:0", mesh, app, d.refreshInterval(), java.time.Duration.ofMinutes(5),
                traceUi, 100, d.latency());
    }

    public String url() {
        return "http://127.0.0.1:" + extension.port();
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(path + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Sends the seed's failing frontend → ad span (and a successful one) through the exporter. */
    public void sendAdErrorSpan() {
        SpanBatch batch = new SpanBatch();
        SpanBatch.ScopeSpans scope = batch.addResource(Attributes.of("service.name", "frontend",
                "k8s.namespace.name", "otel-demo")).addScope(new Scope("@opentelemetry/instrumentation-grpc", "", Attributes.EMPTY));
        long now = System.currentTimeMillis() * 1_000_000L;
        scope.spans().add(new Span(AD_TRACE, "00f067aa0ba902b7", "", "oteldemo.AdService/GetAds", Span.Kind.CLIENT,
                now - 5_000_000, now, Attributes.of("rpc.system", "grpc", "rpc.service", "oteldemo.AdService",
                "rpc.method", "GetAds", "rpc.grpc.status_code", 14L), SpanStatus.ERROR, AD_ERROR, List.of()));
        scope.spans().add(new Span("5bf92f3577b34da6a3ce929d0e0e4737", "10f067aa0ba902b7", "", "oteldemo.CartService/AddItem",
                Span.Kind.CLIENT, now - 5_000_000, now, Attributes.of("rpc.service", "oteldemo.CartService"),
                SpanStatus.OK, "", List.of()));
        ((TracesConsumer) exporter).consumeTraces(batch);
    }

    @Override
    public void close() throws Exception {
        exporter.shutdown();
        extension.shutdown();
    }
}

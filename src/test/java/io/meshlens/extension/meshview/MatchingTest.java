package io.meshlens.extension.meshview;

import io.meshlens.model.Attributes;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** gRPC code names, the span → edge matching rule and the bounded error-span store. */
class MatchingTest {
    @ParameterizedTest(name = "grpc_status {0} is {1}")
    @CsvSource({"0,OK", "1,CANCELLED", "2,UNKNOWN", "3,INVALID_ARGUMENT", "4,DEADLINE_EXCEEDED", "5,NOT_FOUND",
            "6,ALREADY_EXISTS", "7,PERMISSION_DENIED", "8,RESOURCE_EXHAUSTED", "9,FAILED_PRECONDITION", "10,ABORTED",
            "11,OUT_OF_RANGE", "12,UNIMPLEMENTED", "13,INTERNAL", "14,UNAVAILABLE", "15,DATA_LOSS",
            "16,UNAUTHENTICATED", "17,CODE_17", "x,CODE_x"})
    void grpcStatusNames(String code, String name) {
        assertThat(GrpcStatus.name(code)).isEqualTo(name);
    }

    private static SpanStore.ErrorSpan span(String name, String kind, String service, Object... attrs) {
        return new SpanStore.ErrorSpan("t", "s", name, service, kind, "", 0, Attributes.of(attrs));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "span name prefix oteldemo.AdService matches ad|oteldemo.AdService/GetAds|CLIENT|frontend|||ad|true",
            "rpc.service ProductCatalogService matches product-catalog|GetProduct|CLIENT|checkout|rpc.service|oteldemo.ProductCatalogService|product-catalog|true",
            "server.address FQDN matches its first label|HTTP GET|CLIENT|frontend|server.address|cart.otel-demo.svc.cluster.local|cart|true",
            "server.address with port|HTTP GET|CLIENT|frontend|server.address|ad:8080|ad|true",
            "peer.service|call|CLIENT|frontend|peer.service|ad|ad|true",
            "server span of the destination's own service|GetAds|SERVER|ad|||ad|true",
            "client span in the destination's service is not the callee|GetAds|CLIENT|ad|||ad|false",
            "other gRPC service does not match|oteldemo.CartService/AddItem|CLIENT|frontend|||ad|false",
            "address prefix is not enough|HTTP GET|CLIENT|frontend|server.address|adservice-legacy|ad|false"})
    void spanToEdgeMatching(String why, String name, String kind, String service, String key, String value,
                            String dst, boolean matches) {
        SpanStore.ErrorSpan s = key == null ? span(name, kind, service) : span(name, kind, service, key, value);
        assertThat(SpanMatcher.forDestination(dst).test(s)).as(why).isEqualTo(matches);
    }

    @Test
    void storeKeepsOnlyTheNewestErrorSpansUpToItsCapacity() {
        SpanStore store = new SpanStore(2);
        for (int i = 0; i < 3; i++) {
            SpanBatch b = new SpanBatch();
            var scope = b.addResource(Attributes.of("service.name", "frontend")).addScope(Scope.EMPTY);
            scope.spans().add(new Span("trace" + i, "s", "", "oteldemo.AdService/GetAds", Span.Kind.CLIENT, 0, i,
                    Attributes.of("grpc.error_message", "14 UNAVAILABLE #" + i), SpanStatus.ERROR, "", List.of()));
            scope.spans().add(new Span("ok" + i, "s", "", "oteldemo.AdService/GetAds", Span.Kind.CLIENT, 0, i,
                    Attributes.EMPTY, SpanStatus.OK, "", List.of()));
            store.add(b);
        }
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.dropped()).isEqualTo(1);
        List<SpanStore.ErrorSpan> recent = store.recent(SpanMatcher.forDestination("ad"), 5);
        assertThat(recent).extracting(SpanStore.ErrorSpan::traceId).containsExactly("trace2", "trace1");
        // an empty status message falls back to the instrumentation's error attribute
        assertThat(recent.getFirst().statusMessage()).isEqualTo("14 UNAVAILABLE #2");
    }
}

package io.meshlens.extension.healthcheck;

/**
 * Config of the {@code health_check} extension.
 *
 * @param endpoint     listen address host:port (default localhost:13133, as the Collector since v0.104)
 * @param path         URL path answering the check (default "/")
 * @param responseBody fixed bodies instead of the JSON status, or null
 */
public record HealthCheckConfig(String endpoint, String path, ResponseBody responseBody) {
    public static final HealthCheckConfig DEFAULT = new HealthCheckConfig("localhost:13133", "/", null);

    /** {@code response_body: {healthy: ..., unhealthy: ...}}. */
    public record ResponseBody(String healthy, String unhealthy) {
    }
}

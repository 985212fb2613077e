package io.meshlens.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshlens.promhttp.HttpClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds fabric8 clients the way Prometheus ({@code kubernetes_sd_configs}) and the Collector
 * ({@code auth_type}) choose their API server connection.
 */
public final class KubernetesClients {
    /** Where a pod's service account namespace is mounted (own_namespace). */
    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private KubernetesClients() {
    }

    /**
     * {@code kubeconfig_file} when set; else {@code api_server} with the configured TLS and
     * credentials; else the in-cluster service account (fabric8's auto-configuration, which reads
     * the mounted token and CA as client-go's InClusterConfig does).
     */
    public static KubernetesClient forSd(KubernetesSdConfig sd) {
        Config config;
        if (sd.kubeconfigFile() != null) {
            config = fromKubeconfig(Path.of(sd.kubeconfigFile()), null);
        } else if (sd.apiServer() != null) {
            config = Config.empty();
            config.setMasterUrl(sd.apiServer());
            applyHttp(config, sd.http());
        } else {
            config = Config.autoConfigure(null);
        }
        config.setUserAgent("meshlens");
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * The Collector's {@code auth_type}: {@code serviceAccount} (in-cluster), {@code kubeConfig}
     * (default kubeconfig file, optional {@code context}), {@code none} (no credentials, API server
     * from KUBERNETES_SERVICE_HOST/PORT).
     */
    public static KubernetesClient forAuthType(String authType, String context) {
        Config config = switch (authType) {
            case "kubeConfig" -> Config.autoConfigure(context == null || context.isEmpty() ? null : context);
            case "none" -> {
                Config c = Config.empty();
                c.setMasterUrl("https://" + System.getenv().getOrDefault("KUBERNETES_SERVICE_HOST", "")
                        + ":" + System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", ""));
                c.setTrustCerts(true);
                yield c;
            }
            default -> Config.autoConfigure(null);
        };
        config.setUserAgent("meshlens");
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static Config fromKubeconfig(Path file, String context) {
        if (!Files.isReadable(file)) {
            throw new UncheckedIOException(new IOException("cannot read kubeconfig_file " + file));
        }
        return Config.fromKubeconfig(context, file.toFile());
    }

    private static void applyHttp(Config c, HttpClientConfig h) {
        HttpClientConfig.Tls tls = h.tls();
        if (!tls.caFile().isEmpty()) {
            c.setCaCertFile(tls.caFile());
        }
        if (!tls.certFile().isEmpty()) {
            c.setClientCertFile(tls.certFile());
            c.setClientKeyFile(tls.keyFile());
        }
        c.setTrustCerts(tls.insecureSkipVerify());
        c.setDisableHostnameVerification(tls.insecureSkipVerify());
        if (!h.bearerToken().isEmpty()) {
            c.setOauthToken(h.bearerToken());
        } else if (!h.bearerTokenFile().isEmpty()) {
            // Prometheus re-reads the file on every request, so rotated tokens are picked up.
            Path f = Path.of(h.bearerTokenFile());
            c.setOauthTokenProvider(() -> readTrimmed(f));
        }
        if (h.authorization() != null) {
            var a = h.authorization();
            if (a.type().equalsIgnoreCase("Bearer")) {
                if (!a.credentialsFile().isEmpty()) {
                    Path f = Path.of(a.credentialsFile());
                    c.setOauthTokenProvider(() -> readTrimmed(f));
                } else {
                    c.setOauthToken(a.credentials());
                }
            } else {
                String creds = a.credentialsFile().isEmpty() ? a.credentials() : readTrimmed(Path.of(a.credentialsFile()));
                c.setCustomHeaders(Map.of("Authorization", a.type() + " " + creds));
            }
        }
        if (h.basicAuth() != null) {
            c.setUsername(h.basicAuth().username());
            c.setPassword(h.basicAuth().passwordFile().isEmpty() ? h.basicAuth().password()
                    : readTrimmed(Path.of(h.basicAuth().passwordFile())));
        }
        if (!h.proxyUrl().isEmpty()) {
            c.setHttpProxy(h.proxyUrl());
            c.setHttpsProxy(h.proxyUrl());
        }
    }

    private static String readTrimmed(Path f) {
        try {
            return Files.readString(f).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}

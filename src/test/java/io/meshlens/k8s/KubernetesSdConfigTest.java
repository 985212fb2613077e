package io.meshlens.k8s;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import io.meshlens.promhttp.HttpClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesSdConfigTest {
    @TempDir
    static Path dir;

    private static ConfigErrors errors;

    static KubernetesSdConfig parse(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "sd", ".yaml");
        Files.writeString(f, yaml);
        ConfigLoader.Result r = ConfigLoader.load(List.of(f), List.of(), Map.of());
        errors = r.errors();
        return KubernetesSdConfig.parse(new ConfigReader(r.root(), "receivers::prometheus", "kubernetes_sd_configs[0]", errors));
    }

    @Test
    void readsEveryKey() throws IOException {
        KubernetesSdConfig c = parse("""
                role: endpoints
                api_server: https://10.0.0.1:6443
                namespaces:
                  names: [shop, linkerd]
                selectors:
                  - role: pod
                    label: app=cart
                    field: spec.nodeName=node-a
                  - role: service
                    label: team in (a,b)
                attach_metadata:
                  node: true
                tls_config:
                  ca_file: /etc/ca.crt
                  insecure_skip_verify: true
                bearer_token_file: /var/run/token
                """);
        assertThat(errors.all()).isEmpty();
        assertThat(c.role()).isEqualTo(Role.ENDPOINTS);
        assertThat(c.apiServer()).isEqualTo("https://10.0.0.1:6443");
        assertThat(c.namespaces()).isEqualTo(new KubernetesSdConfig.Namespaces(List.of("shop", "linkerd"), false));
        assertThat(c.selectors()).containsExactly(
                new KubernetesSdConfig.Selector(Role.POD, "app=cart", "spec.nodeName=node-a"),
                new KubernetesSdConfig.Selector(Role.SERVICE, "team in (a,b)", ""));
        assertThat(c.attachNodeMetadata()).isTrue();
        assertThat(c.http().tls()).isEqualTo(new HttpClientConfig.Tls("/etc/ca.crt", "", "", "", true));
        assertThat(c.http().bearerTokenFile()).isEqualTo("/var/run/token");
        assertThat(c.http().isCustom()).isTrue();
    }

    @Test
    void minimalPodConfigUsesInClusterDefaults() throws IOException {
        KubernetesSdConfig c = parse("role: pod\n");
        assertThat(errors.all()).isEmpty();
        assertThat(c.apiServer()).isNull();
        assertThat(c.kubeconfigFile()).isNull();
        assertThat(c.namespaces()).isEqualTo(KubernetesSdConfig.Namespaces.ALL);
        assertThat(c.http()).isEqualTo(HttpClientConfig.DEFAULT);
        assertThat(new KubernetesDiscovery(c, null).namespaces()).containsExactly((String) null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            role missing                      | namespaces: {names: [a]}                                                    | role missing (one of: pod, service, endpoints, endpointslice, node, ingress)
            unknown role                      | role: pods                                                                  | unknown Kubernetes SD role "pods"
            api_server with kubeconfig        | {role: pod, api_server: 'http://a:1', kubeconfig_file: /k}                  | cannot use 'kubeconfig_file' and 'api_server' simultaneously
            TLS without api_server            | {role: pod, tls_config: {insecure_skip_verify: true}}                        | to use custom HTTP client configuration please provide the 'api_server' URL explicitly
            bearer with kubeconfig            | {role: pod, kubeconfig_file: /k, bearer_token: t}                           | cannot use a custom HTTP client configuration together with 'kubeconfig_file'
            own_namespace with api_server     | {role: pod, api_server: 'http://a:1', namespaces: {own_namespace: true}}     | cannot use 'api_server' and 'namespaces.own_namespace' simultaneously
            both bearer token kinds           | {role: pod, api_server: 'http://a:1', bearer_token: t, bearer_token_file: f} | at most one of bearer_token & bearer_token_file must be configured
            basic_auth with bearer            | {role: pod, api_server: 'http://a:1', bearer_token: t, basic_auth: {username: u}} | at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured
            authorization with bearer         | {role: pod, api_server: 'http://a:1', bearer_token: t, authorization: {credentials: c}} | authorization is not compatible with bearer_token & bearer_token_file
            authorization type basic          | {role: pod, api_server: 'http://a:1', authorization: {type: Basic, credentials: c}} | authorization type cannot be set to "basic", use "basic_auth" instead
            selector role mismatch            | {role: pod, selectors: [{role: node, label: a=b}]}                           | pod role supports only pod selectors
            endpoints selector role mismatch  | {role: endpoints, selectors: [{role: node}]}                                 | endpoints role supports only pod, service, endpoints selectors
            duplicated selector role          | {role: pod, selectors: [{role: pod, label: a=b}, {role: pod, label: c=d}]}   | duplicated selector role: pod
            bad field selector                | {role: pod, selectors: [{role: pod, field: spec.nodeName}]}                  | invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'
            unknown key                       | {role: pod, namespace: shop}                                                 | unknown key "kubernetes_sd_configs[0].namespace"
            """)
    void rejectsWithPrometheusMessages(String name, String yaml, String message) throws IOException {
        parse(yaml);
        assertThat(errors.errors()).extracting(ConfigError::message).anyMatch(m -> m.contains(message));
    }
}

package io.meshlens.processor.resourcedetection;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.model.Attributes;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.Scope;
import io.meshlens.processor.resourcedetection.ResourceDetectionConfig.K8sNodeConfig;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceDetectionProcessorTest {
    static KubernetesMockServer server;
    /** Assigned by the API server on create (the CRUD mock, like a real server, sets metadata.uid). */
    static String nodeUid;

    @BeforeAll
    static void startApiServer() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        try (KubernetesClient c = server.createClient()) {
            nodeUid = c.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                    .build()).create().getMetadata().getUid();
        }
    }

    @AfterAll
    static void stopApiServer() {
        server.destroy();
    }

    /** Host facts under test control. */
    static final HostInfo HOST = new HostInfo() {
        @Override
        public String hostname(String source) throws Exception {
            return switch (source) {
                case "os" -> "node-a";
                case "dns" -> throw new java.net.UnknownHostException("no DNS in this test");
                default -> source + ".example";
            };
        }

        @Override
        public String machineId() {
            return "0123456789abcdef0123456789abcdef";
        }

        @Override
        public String osType() {
            return "linux";
        }

        @Override
        public String osDescription() {
            return "Linux 6.1";
        }

        @Override
        public String arch() {
            return "amd64";
        }

        @Override
        public List<String> ips() {
            return List.of("10.0.0.7");
        }

        @Override
        public List<String> macs() {
            return List.of("AA-BB-CC-DD-EE-FF");
        }
    };

    static ResourceDetectionProcessorFactory factory(Map<String, String> env) {
        return new ResourceDetectionProcessorFactory(env, HOST, c -> server.createClient());
    }

    static ResourceDetectionConfig load(String id, ConfigErrors errors) {
        return factory(Map.of()).parseConfig(ProcessorsConfigs.section(
                ProcessorsConfigs.resource("/processor/resourcedetection/config.yaml"), id, errors));
    }

    @Test
    void defaultsAreEnvDetectorFiveSecondsAndOverride() {
        ConfigErrors errors = new ConfigErrors();
        ResourceDetectionConfig c = load("resourcedetection", errors);
        assertThat(errors.all()).isEmpty();
        assertThat(c.detectors()).containsExactly("env");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.override()).isTrue();
        assertThat(c.system().hostnameSources()).containsExactly("dns", "os");
        assertThat(c.system().enabled("host.name")).isTrue();
        assertThat(c.system().enabled("host.id")).isFalse();
        assertThat(c.k8snode()).isEqualTo(new K8sNodeConfig("serviceAccount", "", "K8S_NODE_NAME",
                Map.of("k8s.node.name", true, "k8s.node.uid", true)));
    }

    @Test
    void everySettingIsRead() {
        ConfigErrors errors = new ConfigErrors();
        ResourceDetectionConfig c = load("resourcedetection/all", errors);
        assertThat(errors.all()).isEmpty();
        assertThat(c.detectors()).containsExactly("env", "system", "k8snode");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.override()).isFalse();
        assertThat(c.system().hostnameSources()).containsExactly("os");
        assertThat(c.system().enabled("host.id")).isTrue();
        assertThat(c.system().enabled("os.type")).isFalse();
        assertThat(c.k8snode().authType()).isEqualTo("kubeConfig");
        assertThat(c.k8snode().context()).isEqualTo("kind-mesh");
        assertThat(c.k8snode().nodeFromEnvVar()).isEqualTo("MY_NODE");
        assertThat(c.k8snode().enabled("k8s.node.uid")).isFalse();
    }

    @Test
    void unknownDetectorsSourcesAndAttributesAreErrors() {
        ConfigErrors errors = new ConfigErrors();
        load("resourcedetection/bad", errors);
        assertThat(errors.errors()).extracting(ConfigError::message).containsExactly(
                "invalid detector key: ec2 (meshlens supports env, system, k8snode)",
                "hostname_sources contains invalid value: \"guess\"",
                "unknown key \"system.resource_attributes.host.color\" (valid keys: host.name, os.type, host.id, "
                        + "host.arch, os.description, host.ip, host.mac, host.cpu.vendor.id, host.cpu.family, "
                        + "host.cpu.model.id, host.cpu.model.name, host.cpu.stepping, host.cpu.cache.l2.size)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            simple pairs                  | k8s.cluster.name=mesh,deployment.environment=prod | {deployment.environment=prod, k8s.cluster.name=mesh}
            spaces around keys and values | ' a = 1 ,  b=2 '                                  | {a=1, b=2}
            percent and plus decoding     | 'team=a%2Cb,desc=hello+world%21'                  | {desc=hello world!, team=a,b}
            empty value                   | 'a=,b=x'                                          | {a=, b=x}
            """)
    void envAttributesAreParsedAsTheCollectorDoes(String name, String value, String want) {
        assertThat(EnvDetector.parse(value.strip()).toString()).isEqualTo(want);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            no pair at all   | novalue     | invalid resource format: "novalue"
            bad escape       | 'a=%zz'     | invalid resource format in attribute: "a=%zz", err: invalid URL escape "%zz"
            """)
    void malformedEnvAttributesFail(String name, String value, String message) {
        assertThatThrownBy(() -> EnvDetector.parse(value)).hasMessage(message);
    }

    @Test
    void envFallsBackToTheDeprecatedVariable() {
        assertThat(new EnvDetector(Map.of("OTEL_RESOURCE", "a=1")).detect()).isEqualTo(Attributes.of("a", "1"));
        assertThat(new EnvDetector(Map.of()).detect()).isEqualTo(Attributes.EMPTY);
    }

    static MetricBatch batch(Attributes resource) {
        MetricBatch b = new MetricBatch();
        b.addResource(resource).addScope(Scope.EMPTY);
        return b;
    }

    MetricBatch run(String id, ResourceDetectionConfig c, Map<String, String> env, Attributes resource)
            throws Exception {
        List<MetricBatch> got = new ArrayList<>();
        MetricsProcessor p = factory(env).createMetrics(ProcessorsConfigs.settings(id, new Telemetry()), c, got::add);
        p.start(null);
        p.consumeMetrics(batch(resource));
        p.shutdown();
        return got.get(0);
    }

    @Test
    void allDetectorsMergeWithoutOverridingExistingAttributes() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        ResourceDetectionConfig c = load("resourcedetection/all", errors);
        Map<String, String> env = Map.of("MY_NODE", "node-a",
                "OTEL_RESOURCE_ATTRIBUTES", "host.name=from-env,k8s.cluster.name=mesh,service.name=env-svc");
        MetricBatch out = run("resourcedetection/all", c, env, Attributes.of("service.name", "linkerd-proxy"));
        // env is listed first, so its host.name wins over the system detector's; override: false
        // keeps the data's own service.name; k8s.node.uid is switched off.
        assertThat(out.resources().get(0).resource()).isEqualTo(Attributes.of(
                "service.name", "linkerd-proxy", "host.name", "from-env", "k8s.cluster.name", "mesh",
                "host.id", "0123456789abcdef0123456789abcdef", "k8s.node.name", "node-a"));
    }

    @Test
    void k8snodeReadsTheNodeUidFromTheApiServerAndOverrideReplacesValues() throws Exception {
        ResourceDetectionConfig c = new ResourceDetectionConfig(List.of("k8snode", "system"), Duration.ofSeconds(5),
                true, List.of(), load("resourcedetection", new ConfigErrors()).system(),
                new K8sNodeConfig("serviceAccount", "", "K8S_NODE_NAME",
                        Map.of("k8s.node.name", true, "k8s.node.uid", true)));
        MetricBatch out = run("resourcedetection", c, Map.of("K8S_NODE_NAME", "node-a"),
                Attributes.of("host.name", "old", "job", "mesh"));
        assertThat(out.resources().get(0).resource()).isEqualTo(Attributes.of("job", "mesh", "host.name", "node-a",
                "os.type", "linux", "k8s.node.name", "node-a", "k8s.node.uid", nodeUid));
        assertThat(nodeUid).isNotBlank();
    }

    @Test
    void aMissingNodeEnvVarFailsCreationAsInTheCollector() {
        ResourceDetectionConfig c = load("resourcedetection/all", new ConfigErrors());
        assertThatThrownBy(() -> factory(Map.of()).createMetrics(
                ProcessorsConfigs.settings("resourcedetection/all", new Telemetry()), c, b -> { }))
                .hasMessageContaining("node name can't be found").hasMessageContaining("MY_NODE");
    }

    @Test
    void aFailingDetectorIsSkippedAfterTheTimeout() throws Exception {
        ResourceDetectionConfig c = new ResourceDetectionConfig(List.of("k8snode", "env"), Duration.ofMillis(300),
                true, List.of(), load("resourcedetection", new ConfigErrors()).system(),
                new K8sNodeConfig("serviceAccount", "", "K8S_NODE_NAME",
                        Map.of("k8s.node.name", true, "k8s.node.uid", true)));
        MetricBatch out = run("resourcedetection", c, Map.of("K8S_NODE_NAME", "no-such-node",
                "OTEL_RESOURCE_ATTRIBUTES", "a=1"), Attributes.EMPTY);
        assertThat(out.resources().get(0).resource()).isEqualTo(Attributes.of("a", "1"));
    }

    @Test
    void systemDetectorTriesHostnameSourcesInOrderAndHonoursToggles() throws Exception {
        Map<String, Boolean> toggles = new HashMap<>(ResourceDetectionProcessorFactory.SYSTEM_ATTRIBUTES);
        toggles.put("host.arch", true);
        toggles.put("host.ip", true);
        SystemDetector d = new SystemDetector(new ResourceDetectionConfig.SystemConfig(List.of("dns", "cname"),
                toggles), HOST);
        assertThat(d.detect()).isEqualTo(Attributes.of("host.name", "cname.example", "os.type", "linux",
                "host.arch", "amd64", "host.ip", List.of("10.0.0.7")));
        SystemDetector none = new SystemDetector(new ResourceDetectionConfig.SystemConfig(List.of("dns"),
                toggles), HOST);
        assertThatThrownBy(none::detect).hasMessageStartingWith("all hostname sources failed to get hostname");
    }

    @Test
    void resourcesAreMemoizedByIdentity() throws Exception {
        ResourceDetectionConfig c = load("resourcedetection", new ConfigErrors());
        List<MetricBatch> got = new ArrayList<>();
        MetricsProcessor p = factory(Map.of("OTEL_RESOURCE_ATTRIBUTES", "k8s.cluster.name=mesh"))
                .createMetrics(ProcessorsConfigs.settings("resourcedetection", new Telemetry()), c, got::add);
        p.start(null);
        Attributes target = Attributes.of("service.name", "x");
        p.consumeMetrics(batch(target));
        p.consumeMetrics(batch(target));
        assertThat(got.get(1).resources().get(0).resource()).isSameAs(got.get(0).resources().get(0).resource())
                .isEqualTo(target.with("k8s.cluster.name", "mesh"));
    }
}

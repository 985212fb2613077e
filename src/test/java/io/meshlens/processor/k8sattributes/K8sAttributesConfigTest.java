package io.meshlens.processor.k8sattributes;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.meshlens.processor.k8sattributes.K8sAttributesConfig.*;
import static org.assertj.core.api.Assertions.assertThat;

class K8sAttributesConfigTest {
    private static final Map<String, String> ENV = Map.of("KUBE_NODE_NAME", "node-a");
    private final K8sAttributesProcessorFactory factory = new K8sAttributesProcessorFactory(c -> null, ENV);

    private ConfigErrors errors;

    private K8sAttributesConfig parse(ConfigNode node) {
        errors = new ConfigErrors();
        return factory.parseConfig(new ConfigReader(node, "processors::k8sattributes", errors));
    }

    private static ConfigNode.MapNode processors(Path file) {
        ConfigLoader.Result r = ConfigLoader.load(List.of(file), List.of(), Map.of());
        return (ConfigNode.MapNode) r.root().get("processors");
    }

    @Test
    void testdataConfigIsReadWithCollectorKeysAndDefaults() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/processor/k8sattributes/config.yaml").toURI());
        ConfigNode.MapNode procs = processors(file);

        assertThat(parse(procs.get("k8sattributes"))).isEqualTo(K8sAttributesConfig.defaults());
        assertThat(errors.all()).isEmpty();
        assertThat(K8sAttributesConfig.defaults().extract().metadata()).containsExactly("k8s.namespace.name",
                "k8s.pod.name", "k8s.pod.uid", "k8s.pod.start_time", "k8s.deployment.name", "k8s.node.name",
                "container.image.name", "container.image.tag");

        K8sAttributesConfig mesh = parse(procs.get("k8sattributes/mesh"));
        assertThat(errors.all()).isEmpty();
        assertThat(mesh).isEqualTo(new K8sAttributesConfig("kubeConfig", "lab", false,
                new Filter("", "KUBE_NODE_NAME", "shop",
                        List.of(new FieldFilter("status.phase", "Running", "")),
                        List.of(new FieldFilter("linkerd.io/control-plane-ns", "", "exists"))),
                List.of(new AssociationRule(List.of(new Source("resource_attribute", "k8s.pod.uid"))),
                        new AssociationRule(List.of(new Source("resource_attribute", "k8s.pod.name"),
                                new Source("resource_attribute", "k8s.namespace.name"))),
                        new AssociationRule(List.of(new Source("connection", "")))),
                new Extract(List.of("k8s.pod.name", "k8s.namespace.name", "k8s.deployment.name", "k8s.node.name", "k8s.pod.ip"),
                        List.of(new FieldExtract("app", "app", "", ""), new FieldExtract("linkerd.$1", "", "linkerd.io/(.*)", "")),
                        List.of(new FieldExtract("", "linkerd.io/proxy-version", "", "pod"), new FieldExtract("", "owner", "", "namespace")),
                        false),
                DEFAULT_EXCLUDES, true, Duration.ofSeconds(30)));
        assertThat(mesh.filter().resolvedNode(ENV)).isEqualTo("node-a");
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown metadata          | {extract: {metadata: [k8s.pod.name, k8s.namespace.uid]}}          | "k8s.namespace.uid" is not a supported metadata field
            key and key_regex         | {extract: {labels: [{key: a, key_regex: b}]}}                      | Out of Key or KeyRegex only one option is expected to be configured at a time, currently Key:a and KeyRegex:b
            bad from                  | {extract: {labels: [{key: a, from: deployment}]}}                  | deployment is not a valid choice for From. Must be one of: pod, namespace, node
            bad auth_type             | {auth_type: tls}                                                   | "tls" is not one of serviceAccount, kubeConfig, none
            env var not set           | {filter: {node_from_env_var: NO_SUCH_VAR}}                         | `node_from_env_var` is configured but envvar "NO_SUCH_VAR" is not set
            exists on a field filter  | {filter: {fields: [{key: a, op: exists}]}}                         | 'exists' is not a valid field filter operation for key=a, value=
            too many sources          | {pod_association: [{sources: [{from: connection}, {from: connection}, {from: connection}, {from: connection}, {from: connection}]}]} | too many association sources. limit is 4
            unknown key               | {extract: {metdata: []}}                                            | unknown key "extract.metdata"
            """)
    void rejectsInvalidConfigWithCollectorMessages(String name, String yaml, String message) throws IOException {
        Path f = Files.createTempFile(dir, "c", ".yaml");
        Files.writeString(f, "processors: {k8sattributes: " + yaml + "}\n");
        parse(processors(f).get("k8sattributes"));
        assertThat(errors.errors()).extracting(ConfigError::message).anyMatch(m -> m.contains(message));
    }
}

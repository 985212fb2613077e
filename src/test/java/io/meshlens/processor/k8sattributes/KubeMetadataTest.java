package io.meshlens.processor.k8sattributes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshlens.testing.MeshedPods;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KubeMetadataTest {
    private static Pod pod(String resourceVersion, String node) {
        return new PodBuilder(MeshedPods.pod("shop", "cart-7d9f8b6c5-x2x7q", "10.42.0.7", node, null, "cart"))
                .editMetadata().withResourceVersion(resourceVersion).withUid("uid-1").endMetadata()
                .build();
    }

    @Test
    void anUpdateThatChangesNothingExtractedKeepsTheVersion() {
        KubeMetadata kube = new KubeMetadata(null, K8sAttributesConfig.defaults(), Map.of(), Duration.ofSeconds(120),
                Duration.ofSeconds(60));
        long start = kube.version();
        kube.addOrUpdatePod(pod("1", "node-a"));
        long added = kube.version();
        assertThat(added).isGreaterThan(start);

        kube.addOrUpdatePod(pod("2", "node-a")); // e.g. a status change: nothing extracted differs
        assertThat(kube.version()).isEqualTo(added);

        kube.addOrUpdatePod(pod("3", "node-b")); // k8s.node.name is extracted by default
        assertThat(kube.version()).isGreaterThan(added);
    }

    @Test
    void anUpdateWithTheSameResourceVersionIsTheObjectAlreadyKnown() {
        assertThat(KubeMetadata.sameResourceVersion(pod("7", "node-a"), pod("7", "node-a"))).isTrue();
        assertThat(KubeMetadata.sameResourceVersion(pod("7", "node-a"), pod("8", "node-a"))).isFalse();
        assertThat(KubeMetadata.sameResourceVersion(pod(null, "node-a"), pod(null, "node-a")))
                .as("no version to compare: handled as a change").isFalse();
    }
}

package io.meshlens.processor.k8sattributes;

import io.meshlens.model.Attributes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which identifier a resource is looked up by ({@code extractPodID}). */
class PodAssociationTest {
    private static final List<K8sAttributesConfig.AssociationRule> NONE = List.of();

    @Test
    void builtInAssociationTriesPodIpThenIpThenHostNameIfItIsAnIp() {
        assertThat(ResourceEnricher.podIdentifier(Attributes.of("k8s.pod.ip", "10.1.2.3", "ip", "10.9.9.9"), NONE))
                .isEqualTo(PodIdentifier.connection("10.1.2.3"));
        assertThat(ResourceEnricher.podIdentifier(Attributes.of("ip", "10.9.9.9"), NONE))
                .isEqualTo(PodIdentifier.connection("10.9.9.9"));
        assertThat(ResourceEnricher.podIdentifier(Attributes.of("host.name", "10.4.4.4"), NONE))
                .isEqualTo(PodIdentifier.connection("10.4.4.4"));
        assertThat(ResourceEnricher.podIdentifier(Attributes.of("host.name", "cart-1"), NONE)).isNull();
        assertThat(ResourceEnricher.podIdentifier(Attributes.of("server.address", "10.1.2.3"), NONE)).isNull();
    }

    @Test
    void onlyStringValuesCount() {
        assertThat(ResourceEnricher.podIdentifier(Attributes.of("k8s.pod.ip", 17L), NONE)).isNull();
    }

    @Test
    void ipLiteralsAreRecognizedWithoutNameLookups() {
        assertThat(ResourceEnricher.isIp("10.42.0.7")).isTrue();
        assertThat(ResourceEnricher.isIp("fd00::7")).isTrue();
        assertThat(ResourceEnricher.isIp("10.42.0.7:4191")).isFalse();
        assertThat(ResourceEnricher.isIp("256.1.1.1")).isFalse();
        assertThat(ResourceEnricher.isIp("localhost")).isFalse();
        assertThat(ResourceEnricher.isIp("")).isFalse();
    }

    @Test
    void ruleWithAConnectionSourceNeverResolvesBecauseBatchesCarryNoConnection() {
        var rules = List.of(
                new K8sAttributesConfig.AssociationRule(List.of(new K8sAttributesConfig.Source("connection", ""))),
                new K8sAttributesConfig.AssociationRule(List.of(new K8sAttributesConfig.Source("resource_attribute", "k8s.pod.uid"))));
        assertThat(ResourceEnricher.podIdentifier(Attributes.of("k8s.pod.uid", "u-1"), rules))
                .isEqualTo(PodIdentifier.resourceAttribute("k8s.pod.uid", "u-1"));
    }

    @Test
    void imageReferencesSplitIntoNameAndTag() {
        assertThat(ImageReference.parse("cr.l5d.io/linkerd/proxy:edge-26.5.5"))
                .isEqualTo(new ImageReference("cr.l5d.io/linkerd/proxy", "edge-26.5.5"));
        assertThat(ImageReference.parse("localhost:5000/app")).isEqualTo(new ImageReference("localhost:5000/app", "latest"));
        assertThat(ImageReference.parse("nginx@sha256:abc")).isEqualTo(new ImageReference("nginx", ""));
        assertThat(ImageReference.parse("nginx:1.27@sha256:abc")).isEqualTo(new ImageReference("nginx", "1.27"));
    }
}

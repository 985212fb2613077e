package io.meshlens.service;

import io.meshlens.component.ComponentId;
import io.meshlens.component.Components;
import io.meshlens.service.TestComponents.TestReceiver;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.telemetry.CardinalityTracker.StageCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The service graph reports each metrics pipeline's stages to the service's {@link CardinalityTracker}. */
class ServiceCardinalityTest {
    @TempDir
    Path dir;

    private final Components components = TestComponents.create(TestComponents.events());

    private Service service() {
        return new Service(TestConfigs.valid(dir, """
                receivers: {testrcv: {}}
                processors: {tag/1: {}, tag/2: {}}
                exporters: {sink: {}}
                service:
                  pipelines:
                    metrics/mesh: {receivers: [testrcv], processors: [tag/1, tag/2], exporters: [sink]}
                    traces: {receivers: [testrcv], exporters: [sink]}
                  telemetry:
                    metrics: {level: none}
                """, components));
    }

    @Test
    void everyMetricsPipelineListsReceiversThenEachProcessorInOrder() throws Exception {
        Service s = service();
        CardinalityTracker tracker = CardinalityTracker.of(s.telemetry());
        tracker.enable(60_000);
        s.start();
        ((TestReceiver) s.receiver(ComponentId.parse("testrcv"))).push(ServiceTest.batch());
        s.shutdown(Duration.ofSeconds(5));
        List<StageCount> stages = tracker.snapshot().get("metrics/mesh");
        assertThat(tracker.snapshot()).containsOnlyKeys("metrics/mesh");
        assertThat(stages).extracting(StageCount::stage).containsExactly("receivers", "processor tag/1", "processor tag/2");
        assertThat(stages).extracting(StageCount::names).containsExactly(1, 1, 1);
        assertThat(stages).extracting(StageCount::series).containsExactly(1, 1, 1);
    }

    @Test
    void aReceiversOwnExposureStageComesFirstInEveryMetricsPipelineItFeeds() throws Exception {
        Service s = service();
        CardinalityTracker tracker = CardinalityTracker.of(s.telemetry());
        tracker.enable(60_000);
        s.start();
        // what a prometheus receiver does at start: the first stage of the pipelines it feeds
        CardinalityTracker.Exposure exposure = tracker.exposure("testrcv", "scraped (exposed)");
        exposure.record("target-1", new String[]{"a", "h"}, new byte[]{1, 3}, 2, 40);
        exposure.record("target-2", new String[]{"a", "b"}, new byte[]{1, 1}, 2, 7);
        exposure.record("target-1", new String[]{"a", "h"}, new byte[]{1, 3}, 2, 41); // its next scrape
        s.shutdown(Duration.ofSeconds(5));
        assertThat(tracker.snapshot()).containsOnlyKeys("metrics/mesh");
        List<StageCount> stages = tracker.snapshot().get("metrics/mesh");
        assertThat(stages).extracting(StageCount::stage)
                .containsExactly("scraped (exposed)", "receivers", "processor tag/1", "processor tag/2");
        StageCount scraped = stages.getFirst();
        assertThat(scraped.names()).isEqualTo(3);
        assertThat(scraped.promNames()).isEqualTo(1 + 3 + 1);
        assertThat(scraped.series()).as("each target's latest scrape").isEqualTo(41 + 7);
        assertThat(tracker.exposure("otherrcv", "scraped (exposed)").enabled()).as("feeds no pipeline").isFalse();
    }

    @Test
    void nothingIsCountedUntilTheTrackerIsEnabled() throws Exception {
        Service s = service();
        s.start();
        ((TestReceiver) s.receiver(ComponentId.parse("testrcv"))).push(ServiceTest.batch());
        s.shutdown(Duration.ofSeconds(5));
        assertThat(CardinalityTracker.of(s.telemetry()).snapshot().get("metrics/mesh"))
                .extracting(StageCount::series).containsExactly(0, 0, 0);
    }
}

package io.meshlens.extension.meshview;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DroppedLabelsCheckTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "counter present|# TYPE vm_metrics_with_dropped_labels_total counter\\nvm_metrics_with_dropped_labels_total 42\\n|42",
            "zero|vm_metrics_with_dropped_labels_total 0\\n|0",
            "absent (Prometheus)|prometheus_build_info{version=\"2.42.0\"} 1\\n|0",
            "longer name is another metric|vm_metrics_with_dropped_labels_total_x 5\\n|0",
            "with labels|vm_metrics_with_dropped_labels_total{type=\"x\"} 3\\n|3",
    })
    void readsTheDroppedLabelsCounterFromTheMetricsPage(String name, String page, long expected) {
        assertThat(DroppedLabelsCheck.droppedSeries(page.replace("\\n", "\n"))).isEqualTo(expected);
    }
}

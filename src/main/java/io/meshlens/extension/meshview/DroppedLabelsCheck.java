package io.meshlens.extension.meshview;

/**
 * VictoriaMetrics silently drops the labels of a series beyond {@code -maxLabelsPerTimeseries}
 * (30 by default; the mesh series carry about 36 after {@code k8sattributes}), so the series loses
 * e.g. its pod or deployment and the mesh view's numbers no longer add up. It counts such series in
 * {@code vm_metrics_with_dropped_labels_total} on its own {@code /metrics}; a backend that does not
 * expose it (Prometheus, or a URL with no {@code /metrics}) is not checked.
 */
final class DroppedLabelsCheck {
    static final String METRIC = "vm_metrics_with_dropped_labels_total";

    private DroppedLabelsCheck() {
    }

    /** The warning for the datasource behind {@code client}, or null when it dropped no labels. */
    static String warning(PromClient client) {
        String page = client.getText("/metrics");
        if (page == null) {
            return null;
        }
        long dropped = droppedSeries(page);
        if (dropped <= 0) {
            return null;
        }
        return "VictoriaMetrics at " + client.baseUrl() + " (datasources." + client.name() + ") dropped labels beyond "
                + "-maxLabelsPerTimeseries from " + dropped + " series (" + METRIC + "): those series lost labels "
                + "such as pod or deployment, so numbers grouped by them are wrong. Raise -maxLabelsPerTimeseries "
                + "(e.g. to 64) on VictoriaMetrics, or drop labels you don't need before export.";
    }

    /** The value of {@link #METRIC} on a Prometheus text page; 0 when absent. */
    static long droppedSeries(String page) {
        long total = 0;
        for (String line : page.split("\n")) {
            if (line.startsWith(METRIC) && (line.length() == METRIC.length() || line.charAt(METRIC.length()) == ' '
                    || line.charAt(METRIC.length()) == '{')) {
                String[] f = line.trim().split("\\s+");
                try {
                    total += (long) Double.parseDouble(f[f.length - 1]);
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
        }
        return total;
    }
}

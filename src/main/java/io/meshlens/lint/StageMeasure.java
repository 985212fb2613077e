package io.meshlens.lint;

import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.remotewrite.RemoteWriteEncoder;
import io.meshlens.remotewrite.TranslationSettings;
import io.meshlens.remotewrite.proto.Label;
import io.meshlens.remotewrite.proto.TimeSeries;
import io.meshlens.remotewrite.proto.WriteRequest;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts a batch as the backend would see it: the batch goes through the remote-write exporter's
 * own translation ({@link RemoteWriteEncoder}) and the requests are decoded again, so names,
 * suffixes, histogram series and labels (incl. resource_to_telemetry_conversion) are exactly the
 * exporter's, not a second implementation of its naming.
 */
final class StageMeasure {
    /** Series as written: Prometheus name and label count without {@code __name__}. */
    record Written(List<String> names, long series, Map<Integer, Long> labelsPerSeries) {
    }

    private StageMeasure() {
    }

    static Written written(MetricBatch batch, TranslationSettings settings) {
        RemoteWriteEncoder.Encoded e = new RemoteWriteEncoder(settings, 4 << 20).encode(batch.copy());
        Set<String> names = new TreeSet<>();
        Map<Integer, Long> lps = new HashMap<>();
        long series = 0;
        for (byte[] request : e.requests()) {
            for (TimeSeries ts : decode(request).getTimeseriesList()) {
                series++;
                int labels = 0;
                for (Label l : ts.getLabelsList()) {
                    if (l.getName().equals("__name__")) {
                        names.add(l.getValue());
                    } else {
                        labels++;
                    }
                }
                lps.merge(labels, 1L, Long::sum);
            }
        }
        return new Written(new ArrayList<>(names), series, lps);
    }

    /** Distinct metric names of the batch (a histogram is one family). */
    static int families(MetricBatch batch) {
        Set<String> names = new HashSet<>();
        for (ResourceMetrics rm : batch.resources()) {
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    names.add(m.name());
                }
            }
        }
        return names.size();
    }

    private static WriteRequest decode(byte[] request) {
        try {
            return WriteRequest.parseFrom(Snappy.uncompress(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.meshlens.remotewrite;

import io.meshlens.remotewrite.proto.Label;
import io.meshlens.remotewrite.proto.TimeSeries;
import io.meshlens.remotewrite.proto.WriteRequest;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Decodes encoder output with the generated protobuf classes, for assertions. */
public final class WriteRequests {
    private WriteRequests() {
    }

    public static WriteRequest decode(byte[] snappyBody) {
        try {
            return WriteRequest.parseFrom(Snappy.uncompress(snappyBody));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<TimeSeries> series(List<byte[]> requests) {
        List<TimeSeries> all = new ArrayList<>();
        for (byte[] r : requests) {
            all.addAll(decode(r).getTimeseriesList());
        }
        return all;
    }

    public static Map<String, String> labels(TimeSeries ts) {
        Map<String, String> m = new TreeMap<>();
        for (Label l : ts.getLabelsList()) {
            m.put(l.getName(), l.getValue());
        }
        return m;
    }

    /** {@code name{a="b",...}} with labels in wire order (without __name__), for compact assertions. */
    public static String text(TimeSeries ts) {
        String name = "";
        List<String> rest = new ArrayList<>();
        for (Label l : ts.getLabelsList()) {
            if (l.getName().equals("__name__")) {
                name = l.getValue();
            } else {
                rest.add(l.getName() + "=\"" + l.getValue() + "\"");
            }
        }
        String values = ts.getSamplesList().stream().map(s -> formatValue(s.getValue()))
                .collect(Collectors.joining(","));
        return name + "{" + String.join(",", rest) + "} " + values;
    }

    static String formatValue(double v) {
        if (Double.doubleToRawLongBits(v) == RemoteWriteEncoder.STALE_NAN_BITS) {
            return "stale";
        }
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

package io.meshlens.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import io.meshlens.remotewrite.proto.Label;
import io.meshlens.remotewrite.proto.TimeSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class LabelSetTest {
    /** Names that sort before, at and after __name__ and the extra labels, and non-ASCII ones. */
    static final String[] NAMES = {"__name__", "le", "quantile", "A", "Zz", "_a", "__a", "___", "__name", "__name__x",
        "a", "job", "instance", "k8s_pod_name", "l", "lf", "quantilf", "z", "é", "日本", "\uD83D\uDE00x", "",
        "service_instance_id"};
    static final String ALPHABET = "aAzZ_09lqé日\uD83D\uDE00";

    @Test
    void everySeriesEncodesExactlyAsItsFullSortedLabelList() {
        Random r = new Random(20261206);
        for (int round = 0; round < 3_000; round++) {
            TreeMap<String, String> labels = new TreeMap<>();
            int size = r.nextInt(round % 10 == 0 ? 3 : 40);
            for (int i = 0; i < size; i++) {
                labels.put(r.nextBoolean() ? pick(r, NAMES) : word(r, 1 + r.nextInt(12)), value(r));
            }
            LabelSet set = new LabelSet(labels.keySet().toArray(new String[0]), labels.values().toArray(new String[0]));
            for (int s = 0; s < 6; s++) {
                String metric = r.nextInt(10) == 0 ? "" : word(r, 1 + r.nextInt(30));
                assertEncodes(set.series(metric), labels, metric, null, null);
                String extra = switch (r.nextInt(4)) {
                    case 0 -> "le";
                    case 1 -> "quantile";
                    case 2 -> pick(r, NAMES);
                    default -> labels.isEmpty() ? "le" : pick(r, labels.keySet().toArray(new String[0]));
                };
                String extraValue = value(r);
                assertEncodes(set.series(metric, extra, extraValue), labels, metric, extra, extraValue);
            }
            double[] bounds = {0.005, 0.5, 1, 250, 1e6};
            SeriesRef[] buckets = set.buckets("h_bucket", bounds);
            for (int b = 0; b < buckets.length; b++) {
                String le = b < bounds.length ? LabelSet.formatBound(bounds[b]) : "+Inf";
                assertEncodes(buckets[b], labels, "h_bucket", "le", le);
            }
            SeriesRef[] quantiles = set.quantiles("s", new double[] {0.5, 0.99});
            assertEncodes(quantiles[1], labels, "s", "quantile", "0.99");
        }
    }

    @Test
    void seriesOfOneLabelSetShareItsLabelsAndBucketsShareTheLabelsBeforeLe() {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < 35; i++) {
            labels.put("k8s_label_" + i, "some-kubernetes-value-" + i);
        }
        LabelSet set = new LabelSet(labels.keySet().toArray(new String[0]), labels.values().toArray(new String[0]));
        SeriesRef count = set.series("response_latency_ms_count");
        SeriesRef[] buckets = set.buckets("response_latency_ms_bucket", new double[] {1, 10, 100});

        for (SeriesRef b : buckets) {
            assertThat(b.tail()).isSameAs(count.tail());
            assertThat(b.head()).isSameAs(buckets[0].head());
            assertThat(b.midLength()).isLessThan(20);
        }
        assertThat(count.midLength()).isLessThan(40);
    }

    @Test
    void seriesOfOneNameOrBoundInDifferentLabelSetsKeepOneArrayForTheirOwnLabel() {
        LabelSet pod1 = new LabelSet(new String[] {"instance", "pod"}, new String[] {"10.0.0.1:4191", "web-1"});
        LabelSet pod2 = new LabelSet(new String[] {"instance", "pod"}, new String[] {"10.0.0.2:4191", "web-2"});

        assertThat(pod2.series("response_total").mid()).isSameAs(pod1.series("response_total").mid());
        SeriesRef[] buckets1 = pod1.buckets("response_latency_ms_bucket", new double[] {1, 10});
        SeriesRef[] buckets2 = pod2.buckets("response_latency_ms_bucket", new double[] {10});
        assertThat(buckets2[0].mid()).isSameAs(buckets1[1].mid());
        assertThat(buckets2[1].mid()).isSameAs(buckets1[2].mid());
        assertThat(pod2.quantiles("rtt", new double[] {0.5})[0].mid())
                .isSameAs(pod1.quantiles("rtt", new double[] {0.5, 0.9})[0].mid());
    }

    @Test
    void aHistogramWhoseBoundsChangeKeepsTheSeriesOfEveryBoundItHadBefore() {
        LabelSet set = new LabelSet(new String[] {"pod"}, new String[] {"web-1"});
        SeriesRef[] first = set.buckets("h_bucket", new double[] {1, 2, 3});

        SeriesRef[] fewer = set.buckets("h_bucket", new double[] {1, 3});
        SeriesRef[] back = set.buckets("h_bucket", new double[] {0.5, 1, 2, 3});

        assertSame(fewer, first[0], first[2], first[3]);
        assertSame(back, back[0], first[0], first[1], first[2], first[3]);
        assertThat(text(back[0])).isEqualTo("__name__=h_bucket,le=0.5,pod=web-1");
        SeriesRef[] quantiles = set.quantiles("s", new double[] {0.5, 0.9, 0.99});
        assertSame(set.quantiles("s", new double[] {0.99, 0.5}), quantiles[2], quantiles[0]);
    }

    @Test
    void aBucketAskedForByItsLabelValueIsTheOneBucketsHandsOut() {
        LabelSet set = new LabelSet(new String[] {"pod"}, new String[] {"web-1"});
        SeriesRef askedFirst = set.series("h_bucket", "le", "2.5");

        SeriesRef[] buckets = set.buckets("h_bucket", new double[] {1, 2.5});

        assertSame(buckets, set.series("h_bucket", "le", "1"), askedFirst, set.series("h_bucket", "le", "+Inf"));
        assertThat(set.series("s", "quantile", "0.99")).isSameAs(set.quantiles("s", new double[] {0.5, 0.99})[1]);
        SeriesRef otherValue = set.series("h_bucket", "le", "1.0"); // a label value no bound is written as
        assertThat(otherValue).isNotSameAs(buckets[0]).isSameAs(set.series("h_bucket", "le", "1.0"));
        assertThat(text(otherValue)).isEqualTo("__name__=h_bucket,le=1.0,pod=web-1");
    }

    @Test
    void boundsWrittenAlikeAreOneSeries() {
        LabelSet set = new LabelSet(new String[] {"pod"}, new String[] {"web-1"});

        SeriesRef[] b = set.buckets("h_bucket", new double[] {-0.0, 0, 1, 1, Double.POSITIVE_INFINITY});

        assertSame(b, b[0], b[0], b[2], b[2], b[4], b[4]);
        assertThat(text(b[0])).isEqualTo("__name__=h_bucket,le=0,pod=web-1");
    }

    @Test
    void oneNameWithTwoExtraLabelsKeepsTheSeriesOfEach() {
        LabelSet set = new LabelSet(new String[] {"pod"}, new String[] {"web-1"});
        SeriesRef[] buckets = set.buckets("x_bucket", new double[] {0.5});

        SeriesRef[] quantiles = set.quantiles("x_bucket", new double[] {0.5});

        assertThat(text(quantiles[0])).isEqualTo("__name__=x_bucket,pod=web-1,quantile=0.5");
        assertThat(set.buckets("x_bucket", new double[] {0.5})).isSameAs(buckets);
        assertThat(set.quantiles("x_bucket", new double[] {0.5})).isSameAs(quantiles);
    }

    @Test
    void anExtraLabelTheSetAlreadyHasIsReplacedInPlace() {
        LabelSet set = new LabelSet(new String[] {"a", "le", "z"}, new String[] {"1", "ignored", "2"});

        assertThat(text(set.series("m_bucket", "le", "0.5"))).isEqualTo("__name__=m_bucket,a=1,le=0.5,z=2");
        assertThat(text(set.series("m_count"))).isEqualTo("__name__=m_count,a=1,le=ignored,z=2");
    }

    @Test
    void uppercaseLabelsSortBeforeTheName() {
        LabelSet set = new LabelSet(new String[] {"Host", "_a", "zone"}, new String[] {"h", "x", "eu"});

        assertThat(text(set.series("m", "le", "1"))).isEqualTo("Host=h,__name__=m,_a=x,le=1,zone=eu");
    }

    private static void assertSame(SeriesRef[] actual, SeriesRef... expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("series %d", i).isSameAs(expected[i]);
        }
    }

    /** Compares with the full label list sorted by name, and with encoding it all in one array. */
    private static void assertEncodes(SeriesRef ref, Map<String, String> labels, String metric, String extraName,
                                      String extraValue) {
        String[] names = labels.keySet().toArray(new String[0]);
        String[] values = labels.values().toArray(new String[0]);
        byte[] whole = new LabelSet(names, values).encodeWith(metric, extraName, extraValue);
        byte[] written = written(ref);
        assertThat(written).as("%s %s %s=%s", labels, metric, extraName, extraValue).isEqualTo(whole);
        if (!LabelSet.NAME.equals(extraName)) { // two __name__ labels have no sorted-map form
            TreeMap<String, String> full = new TreeMap<>(labels);
            full.put(LabelSet.NAME, metric);
            if (extraName != null) {
                full.put(extraName, extraValue);
            }
            byte[] sorted = SeriesRef.encodeLabels(full.keySet().toArray(new String[0]),
                    full.values().toArray(new String[0]), full.size());
            assertThat(written).as("%s %s %s=%s", labels, metric, extraName, extraValue).isEqualTo(sorted);
        }
    }

    /** The label bytes written in the middle of a larger array, checking nothing around them is touched. */
    private static byte[] written(SeriesRef ref) {
        byte[] out = new byte[ref.labelsLength() + 6];
        Arrays.fill(out, (byte) 0x55);
        int end = ref.writeLabels(out, 3);
        assertThat(end).isEqualTo(3 + ref.labelsLength());
        assertThat(Arrays.copyOfRange(out, 0, 3)).containsOnly(0x55);
        assertThat(Arrays.copyOfRange(out, end, out.length)).containsOnly(0x55);
        return Arrays.copyOfRange(out, 3, end);
    }

    private static String text(SeriesRef ref) {
        try {
            List<String> out = new ArrayList<>();
            for (Label l : TimeSeries.parseFrom(written(ref)).getLabelsList()) {
                out.add(l.getName() + "=" + l.getValue());
            }
            return String.join(",", out);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    private static String word(Random r, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int c = r.nextInt(ALPHABET.length() - 1); // the last char is the emoji's low surrogate
            b.append(ALPHABET, c, Character.isHighSurrogate(ALPHABET.charAt(c)) ? c + 2 : c + 1);
        }
        return b.toString();
    }

    /** Empty, short, or long enough to need a two-byte length. */
    private static String value(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> word(r, 200);
            default -> word(r, 1 + r.nextInt(20));
        };
    }
}

package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes random expositions with every entry kind (HELP with escapes, each TYPE, UNIT, comments,
 * series with escaped and non-ASCII label values, special values, timestamps, exemplars), parses
 * them, writes them again from the accessors only, and expects the same bytes.
 */
class RoundTripTest {
    private static final String[] TEXT_TYPES = {"counter", "gauge", "histogram", "summary", "untyped"};
    private static final String[] OM_TYPES = {"counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown"};
    private static final String VALUE_CHARS = "ab\\\"\n é✓😀{},=# \t";

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyEntryKindSurvivesParseAndWrite(Format format) throws ParseException {
        Random r = new Random(format.ordinal() * 1000L + 17);
        for (int round = 0; round < 200; round++) {
            String body = write(r, format);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(rewrite(Parser.create(format, bytes, 0, bytes.length, 0))).isEqualTo(body);
        }
    }

    private static String write(Random r, Format f) {
        boolean om = f == Format.OPENMETRICS;
        StringBuilder sb = new StringBuilder();
        for (int fam = 0; fam < 10; fam++) {
            String name = "fam_" + fam + (r.nextBoolean() ? ":x" : "");
            sb.append("# HELP ").append(name).append(' ').append(escapeHelp(randomText(r), om)).append('\n');
            String[] types = om ? OM_TYPES : TEXT_TYPES;
            sb.append("# TYPE ").append(name).append(' ').append(types[r.nextInt(types.length)]).append('\n');
            if (om) {
                sb.append("# UNIT ").append(name).append("_seconds seconds\n");
            } else if (r.nextBoolean()) {
                sb.append("# a comment ").append(fam).append('\n');
            }
            for (int s = 0; s < 5; s++) {
                String series = name + (s == 0 ? "" : "_total");
                sb.append(series);
                int nl = r.nextInt(4);
                if (nl > 0 || r.nextBoolean()) {
                    sb.append('{');
                    for (int l = 0; l < nl; l++) {
                        sb.append(l == 0 ? "" : ",").append("l").append(l).append("=\"").append(escapeLabel(randomText(r))).append('"');
                    }
                    sb.append('}');
                }
                sb.append(' ').append(Double.toString(randomValue(r)));
                if (r.nextBoolean()) {
                    long ms = om ? omMillis(r) : r.nextInt(2_000_000_000) * 1000L + r.nextInt(1000);
                    sb.append(' ').append(om ? seconds(ms) : Long.toString(ms));
                }
                if (om && s > 0 && r.nextBoolean()) {
                    sb.append(" # {trace_id=\"").append(Long.toHexString(r.nextLong())).append("\"} ").append(Double.toString(randomValue(r)));
                    if (r.nextBoolean()) {
                        sb.append(' ').append(seconds(omMillis(r)));
                    }
                }
                sb.append('\n');
            }
        }
        if (om) {
            sb.append("# EOF\n");
        }
        return sb.toString();
    }

    /** Writes what the parser saw, from its accessors alone. */
    private static String rewrite(Parser p) throws ParseException {
        boolean om = p.format() == Format.OPENMETRICS;
        StringBuilder sb = new StringBuilder();
        Entry e;
        while ((e = p.next()) != Entry.EOF) {
            switch (e) {
                case HELP -> sb.append("# HELP ").append(p.metricName()).append(' ').append(escapeHelp(p.help(), om)).append('\n');
                case TYPE -> sb.append("# TYPE ").append(p.metricName()).append(' ').append(typeName(p.type(), om)).append('\n');
                case UNIT -> sb.append("# UNIT ").append(p.metricName()).append(' ').append(p.unit()).append('\n');
                case COMMENT -> sb.append(p.comment()).append('\n');
                case SERIES -> {
                    // The raw series bytes are the key; the decoded view must rebuild them exactly.
                    StringBuilder series = new StringBuilder(p.metricName());
                    LabelCursor c = p.labels();
                    boolean braces = p.seriesEnd() > p.nameEnd();
                    if (braces) {
                        series.append('{');
                        boolean first = true;
                        while (c.next()) {
                            series.append(first ? "" : ",").append(c.name()).append("=\"").append(escapeLabel(c.value())).append('"');
                            first = false;
                        }
                        series.append('}');
                    }
                    assertThat(series.toString().getBytes(StandardCharsets.UTF_8)).isEqualTo(p.seriesBytes());
                    sb.append(series).append(' ').append(Double.toString(p.value()));
                    if (p.hasTimestamp()) {
                        sb.append(' ').append(om ? seconds(p.timestamp()) : Long.toString(p.timestamp()));
                    }
                    if (p.hasExemplar()) {
                        LabelCursor x = p.exemplarLabels();
                        assertThat(x.next()).isTrue();
                        sb.append(" # {").append(x.name()).append("=\"").append(x.value()).append("\"} ").append(Double.toString(p.exemplarValue()));
                        if (p.exemplarHasTimestamp()) {
                            sb.append(' ').append(seconds(p.exemplarTimestamp()));
                        }
                    }
                    sb.append('\n');
                }
                default -> throw new AssertionError(e);
            }
        }
        if (om) {
            sb.append("# EOF\n");
        }
        return sb.toString();
    }

    private static String typeName(FamilyType t, boolean om) {
        return switch (t) {
            case UNKNOWN -> om ? "unknown" : "untyped";
            case GAUGE_HISTOGRAM -> "gaugehistogram";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * A millisecond time whose seconds spelling survives Prometheus's truncating
     * {@code int64(seconds * 1000)}; e.g. 274479030.405 s reads back as ...404 ms.
     */
    private static long omMillis(Random r) {
        for (;;) {
            long ms = r.nextInt(2_000_000_000) * 1000L + r.nextInt(1000);
            if ((long) (Double.parseDouble(seconds(ms)) * 1000) == ms) {
                return ms;
            }
        }
    }

    private static String seconds(long ms) {
        return java.math.BigDecimal.valueOf(ms, 3).toPlainString();
    }

    private static double randomValue(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> r.nextInt(100_000);
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
        };
    }

    private static String randomText(Random r) {
        int n = r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(VALUE_CHARS.codePointAt(VALUE_CHARS.offsetByCodePoints(0, r.nextInt(VALUE_CHARS.codePointCount(0, VALUE_CHARS.length())))));
        }
        // Keep HELP text free of leading blanks, which the grammar does not preserve.
        return sb.toString().strip();
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String s, boolean om) {
        String e = s.replace("\\", "\\\\").replace("\n", "\\n");
        return om ? e.replace("\"", "\\\"") : e;
    }
}

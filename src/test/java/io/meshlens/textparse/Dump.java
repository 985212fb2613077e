package io.meshlens.textparse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Renders every entry a parser yields as one readable line, so tests compare plain strings. */
final class Dump {
    private Dump() {
    }

    static List<String> all(Format format, String body) throws ParseException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return all(Parser.create(format, b, 0, b.length, 0));
    }

    static List<String> all(Parser p) throws ParseException {
        List<String> out = new ArrayList<>();
        Entry e;
        while ((e = p.next()) != Entry.EOF) {
            out.add(entry(p));
        }
        return out;
    }

    /**
     * SERIES: {@code S <raw series> | name a=v,... | value [@ts] [# {ex labels} value [@ts]]};
     * HELP/TYPE/UNIT: {@code H|T|U name <text>}; COMMENT: {@code C <line>}. Values print as Java
     * doubles, NaN with its bits. Label values are printed unescaped, with \n shown as ⏎.
     */
    static String entry(Parser p) {
        return switch (p.entry()) {
            case SERIES -> {
                StringBuilder sb = new StringBuilder("S ");
                sb.append(new String(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8));
                sb.append(" | ").append(p.metricName());
                labels(sb, p.labels());
                sb.append(" | ").append(num(p.value()));
                if (p.hasTimestamp()) {
                    sb.append(" @").append(p.timestamp());
                }
                if (p.hasExemplar()) {
                    sb.append(" # {");
                    labels(sb, p.exemplarLabels());
                    sb.append(" } ").append(num(p.exemplarValue()));
                    if (p.exemplarHasTimestamp()) {
                        sb.append(" @").append(p.exemplarTimestamp());
                    }
                }
                yield sb.toString();
            }
            case HELP -> "H " + p.metricName() + " " + p.help().replace("\n", "⏎");
            case TYPE -> "T " + p.metricName() + " " + p.type();
            case UNIT -> "U " + p.metricName() + " " + p.unit();
            case COMMENT -> "C " + p.comment();
            case EOF -> "EOF";
        };
    }

    private static void labels(StringBuilder sb, LabelCursor c) {
        boolean first = true;
        while (c.next()) {
            sb.append(first ? " " : ",").append(c.name()).append('=').append(c.value().replace("\n", "⏎"));
            first = false;
        }
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN:" + Long.toHexString(Double.doubleToRawLongBits(v));
        }
        return Double.toString(v);
    }
}

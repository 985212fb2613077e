package io.meshlens.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns separated by two spaces, like {@code linkerd viz stat}. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    void print(PrintStream out) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                sb.append(i == cols - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    static String pct(com.fasterxml.jackson.databind.JsonNode v) {
        return v.isNumber() ? String.format(java.util.Locale.ROOT, "%.2f%%", v.asDouble() * 100) : "-";
    }

    static String rps(com.fasterxml.jackson.databind.JsonNode v) {
        return v.isNumber() ? String.format(java.util.Locale.ROOT, "%.2frps", v.asDouble()) : "-";
    }

    static String ms(com.fasterxml.jackson.databind.JsonNode v) {
        if (!v.isNumber()) {
            return "-";
        }
        String oneDecimal = String.format(java.util.Locale.ROOT, "%.1f", v.asDouble());
        // one decimal below 10 ms, whole ms above (9.95 rounds to "10ms", not "10.0ms")
        return (v.asDouble() < 10 && !oneDecimal.equals("10.0") ? oneDecimal : Long.toString(Math.round(v.asDouble())))
                + "ms";
    }

    static String text(com.fasterxml.jackson.databind.JsonNode v) {
        return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? "-" : v.asText();
    }
}

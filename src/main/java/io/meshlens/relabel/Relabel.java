package io.meshlens.relabel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Applies relabel rules to a label set with Prometheus 2.42's semantics ({@code relabel.Process}).
 * Each rule sees the result of the previous one; a keep/drop rule that inspects only allocates
 * nothing, because an unchanged builder hands back its base.
 */
public final class Relabel {
    private Relabel() {
    }

    /** The relabeled set, or null when a rule dropped it. */
    public static Labels process(Labels labels, List<RelabelConfig> rules) {
        if (rules.isEmpty()) {
            return labels;
        }
        Labels.Builder b = null;
        Labels current = labels;
        for (int i = 0, n = rules.size(); i < n; i++) {
            RelabelConfig rule = rules.get(i);
            if (isFilter(rule.action())) {
                if (!passes(current, rule)) {
                    return null;
                }
                continue;
            }
            if (b == null) {
                // Only rules that may change labels need a builder; filter-only lists allocate nothing.
                b = new Labels.Builder(current);
            }
            current = apply(current, rule, b);
        }
        return current;
    }

    private static boolean isFilter(RelabelConfig.Action a) {
        return a == RelabelConfig.Action.KEEP || a == RelabelConfig.Action.DROP
                || a == RelabelConfig.Action.KEEPEQUAL || a == RelabelConfig.Action.DROPEQUAL;
    }

    private static boolean passes(Labels in, RelabelConfig rule) {
        String val = sourceValue(in, rule);
        return switch (rule.action()) {
            case KEEP -> rule.regex().matches(val);
            case DROP -> !rule.regex().matches(val);
            case KEEPEQUAL -> in.get(rule.targetLabel()).equals(val);
            case DROPEQUAL -> !in.get(rule.targetLabel()).equals(val);
            default -> throw new IllegalArgumentException("not a filter action: " + rule.action());
        };
    }

    private static Labels apply(Labels in, RelabelConfig rule, Labels.Builder b) {
        String val = sourceValue(in, rule);
        b.reset(in);
        AnchoredRegex re = rule.regex();
        switch (rule.action()) {
            case KEEP, DROP, KEEPEQUAL, DROPEQUAL -> throw new IllegalStateException("filters are applied by process");
            case REPLACE -> replace(rule, re, val, b);
            case LOWERCASE -> b.set(rule.targetLabel(), mapCase(val, false));
            case UPPERCASE -> b.set(rule.targetLabel(), mapCase(val, true));
            case HASHMOD -> b.set(rule.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(md5Low64(val), rule.modulus())));
            case LABELMAP -> {
                for (int i = 0, n = in.size(); i < n; i++) {
                    String name = in.name(i);
                    int[] m = re.match(name);
                    if (m != null) {
                        b.set(Expand.expand(rule.replacement(), name, m, re), in.value(i));
                    }
                }
            }
            case LABELDROP -> {
                for (int i = 0, n = in.size(); i < n; i++) {
                    if (re.matches(in.name(i))) {
                        b.del(in.name(i));
                    }
                }
            }
            case LABELKEEP -> {
                for (int i = 0, n = in.size(); i < n; i++) {
                    if (!re.matches(in.name(i))) {
                        b.del(in.name(i));
                    }
                }
            }
        }
        return b.labels();
    }

    /**
     * Prometheus deletes the label named by the raw target_label (not the expansion) when the
     * expanded name is invalid or the value is empty; we do the same, odd as it is.
     */
    private static void replace(RelabelConfig rule, AnchoredRegex re, String val, Labels.Builder b) {
        int[] m = re.match(val);
        if (m == null) {
            return;
        }
        String target = Expand.expand(rule.targetLabel(), val, m, re);
        if (!RelabelConfig.isValidLabelName(target)) {
            b.del(rule.targetLabel());
            return;
        }
        String value = Expand.expand(rule.replacement(), val, m, re);
        if (value.isEmpty()) {
            b.del(rule.targetLabel());
            return;
        }
        b.set(target, value);
    }

    /** The source values joined by the separator; a single source needs no copy. */
    private static String sourceValue(Labels in, RelabelConfig rule) {
        List<String> sources = rule.sourceLabels();
        int n = sources.size();
        if (n == 0) {
            return "";
        }
        if (n == 1) {
            return in.get(sources.get(0));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(rule.separator());
            }
            sb.append(in.get(sources.get(i)));
        }
        return sb.toString();
    }

    /**
     * Go's strings.ToLower/ToUpper: per code point simple case mapping (so 'ß' stays 'ß' and 'İ'
     * lowers to 'i'), unlike String.toLowerCase which applies special and locale casing.
     */
    static String mapCase(String s, boolean upper) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int mapped = upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp);
            if (mapped != cp && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.appendCodePoint(mapped);
            }
            i += Character.charCount(cp);
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Prometheus's sum64 over the 16-byte MD5 shifts byte i left by (15-i)*8 bits in a uint64; Go
     * yields 0 for shifts of 64 or more, so only the last 8 bytes count, big-endian.
     */
    static long md5Low64(String s) {
        byte[] d = md5().digest(s.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return v;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}

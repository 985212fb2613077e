package io.meshlens.processor.k8sattributes;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.Map;

/**
 * One compiled {@code extract.labels}/{@code extract.annotations} rule: copies a label or
 * annotation of a pod, namespace or node to a resource attribute.
 *
 * <p>Naming, as the Collector: {@code tag_name} if given; else {@code k8s.<from>.<labels|annotations>.<key>}.
 * With {@code key_regex} (anchored) every matching non-empty entry is copied; when the regex has
 * capture groups {@code tag_name} is a template ({@code $1}, {@code ${name}}), otherwise the
 * default name with the matched key is used.
 */
final class FieldExtractRule {
    final String from;
    private final String fieldType;
    private final String name;
    private final String key;
    private final Pattern keyRegex;
    private final boolean keyRegexReference;

    FieldExtractRule(K8sAttributesConfig.FieldExtract c, String fieldType) {
        this.from = c.from().isEmpty() ? "pod" : c.from();
        this.fieldType = fieldType;
        this.key = c.key();
        this.name = c.tagName().isEmpty() && !c.key().isEmpty()
                ? "k8s." + from + "." + fieldType + "." + c.key() : c.tagName();
        this.keyRegex = c.keyRegex().isEmpty() ? null : Pattern.compile("^(?:" + c.keyRegex() + ")$");
        this.keyRegexReference = keyRegex != null && keyRegex.groupCount() > 0;
    }

    /** Adds what this rule extracts from {@code metadata} (labels or annotations of one object) to {@code out}. */
    void extract(Map<String, String> metadata, Map<String, String> out) {
        if (metadata == null) {
            return;
        }
        if (keyRegex != null) {
            metadata.forEach((k, v) -> {
                Matcher m = keyRegex.matcher(k);
                if (v != null && !v.isEmpty() && m.matches()) {
                    String n = keyRegexReference ? expand(name, m) : "k8s." + from + "." + fieldType + "." + k;
                    if (!n.isEmpty()) {
                        out.put(n, v);
                    }
                }
            });
        } else if (metadata.containsKey(key)) {
            String v = metadata.get(key);
            out.put(name, v == null ? "" : v);
        }
    }

    /** Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    static String expand(String template, Matcher m) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String ref;
            int end;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    sb.append(c);
                    i++;
                    continue;
                }
                ref = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                ref = template.substring(i + 1, j);
                end = j;
            }
            if (ref.isEmpty()) {
                sb.append(c);
                i++;
                continue;
            }
            String g = null;
            if (ref.chars().allMatch(Character::isDigit)) {
                int idx = Integer.parseInt(ref);
                if (idx <= m.groupCount()) {
                    g = m.group(idx);
                }
            } else {
                try {
                    g = m.group(ref);
                } catch (IllegalArgumentException e) {
                    g = null;
                }
            }
            if (g != null) {
                sb.append(g);
            }
            i = end;
        }
        return sb.toString();
    }
}

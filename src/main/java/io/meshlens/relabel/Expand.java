package io.meshlens.relabel;

/**
 * Replacement-template expansion exactly as Go's {@code regexp.Expand}: {@code $1}, {@code ${1}},
 * {@code $name}, {@code ${name}}, {@code $$} for a dollar. A name is the longest run of letters,
 * digits and '_', so {@code $1x} names the group "1x" (usually absent: expands to nothing) while
 * {@code $1:4191} stops at ':'. A malformed reference leaves the '$' as text. Unknown groups and
 * groups that did not take part expand to nothing.
 */
final class Expand {
    private Expand() {
    }

    static String expand(String template, String src, int[] match, AnchoredRegex re) {
        int dollar = template.indexOf('$');
        if (dollar < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + src.length());
        int i = 0;
        while (dollar >= 0) {
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
            } else {
                int end = reference(template, i, src, match, re, out);
                if (end < 0) {
                    out.append('$');
                } else {
                    i = end;
                }
            }
            dollar = template.indexOf('$', i);
        }
        out.append(template, i, template.length());
        return out.toString();
    }

    /**
     * Parses the reference starting at {@code at} (just after '$'), appends its group text and
     * returns the index after it; -1 when malformed (nothing appended).
     */
    private static int reference(String t, int at, String src, int[] match, AnchoredRegex re, StringBuilder out) {
        int i = at;
        boolean brace = i < t.length() && t.charAt(i) == '{';
        if (brace) {
            i++;
        }
        int nameStart = i;
        while (i < t.length()) {
            int cp = t.codePointAt(i);
            if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == nameStart) {
            return -1;
        }
        String name = t.substring(nameStart, i);
        if (brace) {
            if (i >= t.length() || t.charAt(i) != '}') {
                return -1;
            }
            i++;
        }
        int group = groupNumber(name);
        if (group < 0) {
            group = re.groupIndex(name);
        }
        if (group >= 0 && 2 * group + 1 < match.length && match[2 * group] >= 0) {
            out.append(src, match[2 * group], match[2 * group + 1]);
        }
        return i;
    }

    /** The group number a purely decimal name denotes (no leading zeros, below 1e8), else -1. */
    private static int groupNumber(String name) {
        int num = 0;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9' || num >= 100_000_000) {
                return -1;
            }
            num = num * 10 + (c - '0');
        }
        if (name.charAt(0) == '0' && name.length() > 1) {
            return -1;
        }
        return num;
    }
}

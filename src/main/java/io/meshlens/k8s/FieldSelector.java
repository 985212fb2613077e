package io.meshlens.k8s;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code spec.nodeName=node-1,status.phase!=Failed}) split into the
 * terms fabric8's {@code withField}/{@code withoutField} take, so the API server filters — as
 * Prometheus passes {@code selectors[].field} to list and watch.
 */
record FieldSelector(List<Term> terms) {
    record Term(String key, String value, boolean equal) {
    }

    static FieldSelector parse(String selector) {
        List<Term> terms = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return new FieldSelector(terms);
        }
        for (String part : selector.split(",")) {
            String p = part.trim();
            int ne = p.indexOf("!=");
            if (ne > 0) {
                terms.add(new Term(p.substring(0, ne).trim(), p.substring(ne + 2).trim(), false));
                continue;
            }
            int eq = p.indexOf("==");
            int len = 2;
            if (eq < 0) {
                eq = p.indexOf('=');
                len = 1;
            }
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid selector: '" + selector + "'; can't understand '" + p + "'");
            }
            terms.add(new Term(p.substring(0, eq).trim(), p.substring(eq + len).trim(), true));
        }
        return new FieldSelector(terms);
    }

    /** Null when {@code selector} is valid, else the problem. */
    static String validate(String selector) {
        try {
            parse(selector);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}

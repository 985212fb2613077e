package io.meshlens.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${scheme:opaque}} references in config values exactly as the Collector's confmap
 * resolver (v0.118, default scheme {@code env}) does, then turns every {@code $$} into {@code $}.
 * Mapping keys are neither expanded nor unescaped, as in the Collector.
 *
 * <p>Per value, rounds repeat until nothing changes (at most 1000). One round expands one
 * reference: the first {@code }} and the last {@code ${} before it, so inner references of
 * {@code ${env:${X}}} go first. A {@code ${} preceded by an odd number of {@code $} is escaped, and
 * then the value is left alone for that round. A value that is a single reference takes the
 * YAML-typed value (int, bool, map, ...); a reference inside a longer string is spliced in as text.
 * A failing value is reported at its mark and left unexpanded; the others continue.
 */
final class Expander {
    private static final int MAX_ROUNDS = 1000;
    private static final String DEFAULT_SCHEME = "env";
    private static final Pattern URI = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):(.*)$", Pattern.DOTALL);

    private final ConfigProviders providers;
    private final ConfigErrors errors;

    Expander(Map<String, String> env, ConfigErrors errors) {
        this.providers = new ConfigProviders(env, errors);
        this.errors = errors;
    }

    private record Round(ConfigNode node, boolean changed) {
    }

    ConfigNode expand(ConfigNode n) {
        return switch (n) {
            case ConfigNode.MapNode m -> {
                Map<String, ConfigNode.Entry> out = new LinkedHashMap<>();
                m.entries().forEach((k, e) -> out.put(k, new ConfigNode.Entry(e.keyMark(), expand(e.value()))));
                yield new ConfigNode.MapNode(m.mark(), out);
            }
            case ConfigNode.ListNode l -> new ConfigNode.ListNode(l.mark(), l.items().stream().map(this::expand).toList());
            case ConfigNode.ScalarNode s -> expandValue(s);
        };
    }

    /** One value from the config: expanded until stable, then {@code $$} unescaped. */
    private ConfigNode expandValue(ConfigNode.ScalarNode s) {
        if (s.text().indexOf('$') < 0) {
            return s;
        }
        ConfigNode current = s;
        try {
            for (int i = 0; i < MAX_ROUNDS; i++) {
                Round r = round(current);
                if (!r.changed()) {
                    return unescape(r.node());
                }
                current = r.node();
            }
            errors.error(s.mark(), "", "too many recursive expansions");
        } catch (ExpansionException e) {
            errors.error(e.mark(), "", e.getMessage());
        }
        return s;
    }

    private Round round(ConfigNode n) throws ExpansionException {
        switch (n) {
            case ConfigNode.MapNode m -> {
                Map<String, ConfigNode.Entry> out = new LinkedHashMap<>();
                boolean changed = false;
                for (Map.Entry<String, ConfigNode.Entry> e : m.entries().entrySet()) {
                    Round r = round(e.getValue().value());
                    changed |= r.changed();
                    out.put(e.getKey(), new ConfigNode.Entry(e.getValue().keyMark(), r.node()));
                }
                return new Round(new ConfigNode.MapNode(m.mark(), out), changed);
            }
            case ConfigNode.ListNode l -> {
                List<ConfigNode> out = new ArrayList<>();
                boolean changed = false;
                for (ConfigNode item : l.items()) {
                    Round r = round(item);
                    changed |= r.changed();
                    out.add(r.node());
                }
                return new Round(new ConfigNode.ListNode(l.mark(), out), changed);
            }
            case ConfigNode.ScalarNode s when s.value() instanceof String str -> {
                return expandString(str, s.mark());
            }
            case ConfigNode.ScalarNode s -> {
                return expandTypedText(s);
            }
        }
    }

    /**
     * A typed value that came from a reference also keeps its text, which may hold references
     * itself; the Collector expands that text too and, if it fails or does not stay a string,
     * silently keeps just the typed value.
     */
    private Round expandTypedText(ConfigNode.ScalarNode s) {
        try {
            Round r = expandString(s.text(), s.mark());
            if (r.node() instanceof ConfigNode.ScalarNode t && t.value() instanceof String text) {
                return new Round(new ConfigNode.ScalarNode(s.mark(), s.value(), text), r.changed());
            }
        } catch (ExpansionException e) {
            // fall through: the typed value alone
        }
        String plain = String.valueOf(s.value());
        return new Round(plain.equals(s.text()) ? s : new ConfigNode.ScalarNode(s.mark(), s.value(), plain), false);
    }

    private Round expandString(String input, Mark mark) throws ExpansionException {
        ConfigNode.ScalarNode unchanged = new ConfigNode.ScalarNode(mark, input, input);
        if (!input.contains("${") || !input.contains("}")) {
            return new Round(unchanged, false);
        }
        String uri = findUri(input);
        if (uri.isEmpty()) {
            return new Round(unchanged, false);
        }
        ConfigProviders.Retrieved got = retrieve(uri, mark);
        if (uri.equals(input)) {
            return new Round(got.value(), true);
        }
        // Every occurrence of this reference is replaced, as Go's strings.ReplaceAll does.
        String out = input.replace(uri, got.text());
        return new Round(new ConfigNode.ScalarNode(mark, out, out), true);
    }

    /** The first reference to expand: up to the first '}', from the last "${" before it; "" if escaped. */
    static String findUri(String input) {
        int close = input.indexOf('}');
        int open = input.lastIndexOf("${", close);
        if (open < 0) {
            String remaining = input.substring(close + 1);
            return remaining.contains("}") ? findUri(remaining) : "";
        }
        int dollars = 0;
        for (int i = open - 1; i >= 0 && input.charAt(i) == '$'; i--) {
            dollars++;
        }
        if (dollars % 2 == 1) {
            return "";
        }
        return input.substring(open, close + 1);
    }

    private ConfigProviders.Retrieved retrieve(String reference, Mark mark) throws ExpansionException {
        String uri = reference.substring(2, reference.length() - 1);
        if (!uri.contains(":")) {
            uri = DEFAULT_SCHEME + ":" + uri;
        }
        Matcher m = URI.matcher(uri);
        if (!m.matches()) {
            throw new ExpansionException(mark, "invalid uri: " + GoQuote.quote(uri));
        }
        String scheme = m.group(1);
        String opaque = m.group(2);
        if (opaque.contains("$")) {
            throw new ExpansionException(mark, "the uri " + GoQuote.quote(scheme + ":" + opaque)
                    + " contains unsupported characters ('$')");
        }
        return providers.retrieve(scheme, opaque, mark);
    }

    /** The final step of the Collector's resolver: {@code $$} becomes {@code $} in every string. */
    private static ConfigNode unescape(ConfigNode n) {
        return switch (n) {
            case ConfigNode.MapNode m -> {
                Map<String, ConfigNode.Entry> out = new LinkedHashMap<>();
                m.entries().forEach((k, e) -> out.put(k, new ConfigNode.Entry(e.keyMark(), unescape(e.value()))));
                yield new ConfigNode.MapNode(m.mark(), out);
            }
            case ConfigNode.ListNode l -> new ConfigNode.ListNode(l.mark(), l.items().stream().map(Expander::unescape).toList());
            case ConfigNode.ScalarNode s -> {
                String text = s.text().replace("$$", "$");
                Object value = s.value() instanceof String v ? v.replace("$$", "$") : s.value();
                yield new ConfigNode.ScalarNode(s.mark(), value, text);
            }
        };
    }
}

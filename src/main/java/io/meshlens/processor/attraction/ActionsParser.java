package io.meshlens.processor.attraction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Attributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates an action list with the Collector's rules and messages
 * ({@code attraction.NewAttrProc}); each error points at the offending action. Invalid actions are
 * left out of the result (the load fails anyway because an error was recorded).
 */
public final class ActionsParser {
    static final String INT = "int";
    static final String DOUBLE = "double";
    static final String STRING = "string";

    private ActionsParser() {
    }

    /** The actions under {@code listKey} of {@code r}. */
    public static List<ActionConfig> parse(ConfigReader r, String listKey) {
        List<ActionConfig> out = new ArrayList<>();
        List<ConfigReader> items = r.childList(listKey);
        for (int i = 0; i < items.size(); i++) {
            ActionConfig a = parseOne(items.get(i), i);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    private static ActionConfig parseOne(ConfigReader a, int i) {
        String key = a.string("key", "");
        Object value = typedValue(a.raw("value"));
        String fromAttribute = a.string("from_attribute", "");
        String fromContext = a.string("from_context", "");
        String pattern = a.string("pattern", "");
        String convertedType = a.string("converted_type", "");
        String actionText = a.string("action", "");
        a.finish();

        Action action = Action.parse(actionText);
        String act = actionText.toLowerCase(java.util.Locale.ROOT);
        if (action == Action.DELETE || action == Action.HASH) {
            if (key.isEmpty() && pattern.isEmpty()) {
                return fail(a, "key", "error creating AttrProc due to missing required field (at least one of \"key\" "
                        + "and \"pattern\" have to be used) at the " + i + "-th actions");
            }
        } else if (key.isEmpty()) {
            return fail(a, "key", "error creating AttrProc due to missing required field \"key\" at the " + i
                    + "-th actions");
        }
        int sources = (value != null ? 1 : 0) + (fromAttribute.isEmpty() ? 0 : 1) + (fromContext.isEmpty() ? 0 : 1);
        if (action == null) {
            return fail(a, "action", "error creating AttrProc due to unsupported action \"" + act + "\" at the " + i
                    + "-th actions");
        }
        switch (action) {
            case INSERT, UPDATE, UPSERT -> {
                if (sources == 0) {
                    return fail(a, "action", "error creating AttrProc. Either field \"value\", \"from_attribute\" or "
                            + "\"from_context\" setting must be specified for " + i + "-th action");
                }
                if (sources > 1) {
                    return fail(a, "value", "error creating AttrProc due to multiple value sources being set at the "
                            + i + "-th actions");
                }
                if (!pattern.isEmpty()) {
                    return fail(a, "pattern", "error creating AttrProc. Action \"" + act + "\" does not use the "
                            + "\"pattern\" field. This must not be specified for " + i + "-th action");
                }
                if (!convertedType.isEmpty()) {
                    return notConverted(a, act, i);
                }
            }
            case HASH, DELETE -> {
                if (value != null || !fromAttribute.isEmpty()) {
                    return fail(a, value != null ? "value" : "from_attribute", "error creating AttrProc. Action \""
                            + act + "\" does not use \"value\" or \"from_attribute\" field. These must not be "
                            + "specified for " + i + "-th action");
                }
                if (!pattern.isEmpty() && compile(a, pattern, i) == null) {
                    return null;
                }
                if (!convertedType.isEmpty()) {
                    return notConverted(a, act, i);
                }
            }
            case EXTRACT -> {
                if (sources > 0) {
                    return fail(a, "action", "error creating AttrProc. Action \"" + act + "\" does not use a value "
                            + "source field. These must not be specified for " + i + "-th action");
                }
                if (pattern.isEmpty()) {
                    return fail(a, "pattern", "error creating AttrProc due to missing required field \"pattern\" for "
                            + "action \"" + act + "\" at the " + i + "-th action");
                }
                if (!convertedType.isEmpty()) {
                    return notConverted(a, act, i);
                }
                Pattern p = compile(a, pattern, i);
                if (p == null) {
                    return null;
                }
                Map<String, Integer> names = p.namedGroups();
                if (p.groupCount() == 0 || names.isEmpty()) {
                    return fail(a, "pattern", "error creating AttrProc. Field \"pattern\" contains no named matcher "
                            + "groups at the " + i + "-th actions");
                }
                if (names.size() < p.groupCount()) {
                    return fail(a, "pattern", "error creating AttrProc. Field \"pattern\" contains at least one "
                            + "unnamed matcher group at the " + i + "-th actions");
                }
            }
            case CONVERT -> {
                if (sources > 0 || !pattern.isEmpty()) {
                    return fail(a, "action", "error creating AttrProc. Action \"" + act + "\" does not use value "
                            + "sources or \"pattern\" field. These must not be specified for " + i + "-th action");
                }
                switch (convertedType) {
                    case INT, DOUBLE, STRING -> {
                    }
                    case "" -> {
                        return fail(a, "converted_type", "error creating AttrProc due to missing required field "
                                + "\"converted_type\" for action \"" + act + "\" at the " + i + "-th action");
                    }
                    default -> {
                        return fail(a, "converted_type", "error creating AttrProc due to invalid value \""
                                + convertedType + "\" in field \"converted_type\" for action \"" + act + "\" at the "
                                + i + "-th action");
                    }
                }
            }
        }
        return new ActionConfig(action, key, value, fromAttribute, fromContext, pattern, convertedType, a.mark());
    }

    private static ActionConfig notConverted(ConfigReader a, String act, int i) {
        return fail(a, "converted_type", "error creating AttrProc. Action \"" + act + "\" does not use the "
                + "\"converted_type\" field. This must not be specified for " + i + "-th action");
    }

    private static Pattern compile(ConfigReader a, String pattern, int i) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            fail(a, "pattern", "error creating AttrProc. Field \"pattern\" has invalid pattern: \"" + pattern
                    + "\" to be set at the " + i + "-th actions");
            return null;
        }
    }

    private static ActionConfig fail(ConfigReader a, String key, String message) {
        a.error(key, message);
        return null;
    }

    /**
     * The value as the YAML loader typed it (mapstructure hands the Collector an {@code any}); a
     * list becomes a List and a mapping a nested Attributes, as pcommon's {@code FromRaw}.
     */
    public static Object typedValue(ConfigNode n) {
        if (n == null) {
            return null;
        }
        return switch (n) {
            case ConfigNode.ScalarNode s -> s.value();
            case ConfigNode.ListNode l -> {
                List<Object> out = new ArrayList<>(l.items().size());
                for (ConfigNode item : l.items()) {
                    Object v = typedValue(item);
                    out.add(v == null ? "" : v);
                }
                yield List.copyOf(out);
            }
            case ConfigNode.MapNode m -> {
                Attributes.Builder b = Attributes.builder(m.entries().size());
                m.entries().forEach((k, e) -> {
                    Object v = typedValue(e.value());
                    b.put(k, v == null ? "" : v);
                });
                yield b.build();
            }
        };
    }
}

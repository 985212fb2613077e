package io.meshlens.component;

/** A component ID as written in config: {@code type} or {@code type/name}. */
public record ComponentId(String type, String name) {
    public ComponentId {
        name = name == null ? "" : name;
    }

    /** Parses {@code type[/name]}; the type must be non-empty and the name, if a slash is present, too. */
    public static ComponentId parse(String s) {
        int slash = s.indexOf('/');
        String type = slash < 0 ? s : s.substring(0, slash);
        String name = slash < 0 ? "" : s.substring(slash + 1);
        if (type.isBlank()) {
            throw new IllegalArgumentException("the part before / must not be empty in \"" + s + "\"");
        }
        if (slash >= 0 && name.isBlank()) {
            throw new IllegalArgumentException("the part after / must not be empty in \"" + s + "\"");
        }
        if (!type.matches("[a-zA-Z][0-9a-zA-Z_]*")) {
            throw new IllegalArgumentException("invalid character(s) in type \"" + type + "\"");
        }
        return new ComponentId(type, name);
    }

    @Override
    public String toString() {
        return name.isEmpty() ? type : type + "/" + name;
    }
}

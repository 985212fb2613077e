package io.meshlens.processor.attraction;

import java.util.Locale;

/** The actions of the Collector's attraction engine, written lower- or upper-case in config. */
public enum Action {
    INSERT, UPDATE, UPSERT, DELETE, HASH, EXTRACT, CONVERT;

    /** The config spelling ("insert"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action for {@code s} (case-insensitive), or null when unknown. */
    static Action parse(String s) {
        for (Action a : values()) {
            if (a.id().equals(s.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        return null;
    }
}

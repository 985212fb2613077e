package io.meshlens.processor.resourcedetection;

import io.meshlens.config.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code resource_attributes.<name>.enabled} switches over a detector's known attributes. */
final class Toggles {
    private Toggles() {
    }

    /** @param defaults every attribute the detector knows, with its default; other names are unknown keys */
    static Map<String, Boolean> read(ConfigReader detector, Map<String, Boolean> defaults) {
        Map<String, Boolean> out = new LinkedHashMap<>(defaults);
        ConfigReader ra = detector.child("resource_attributes");
        for (String name : defaults.keySet()) {
            if (ra.has(name)) {
                ConfigReader t = ra.child(name);
                out.put(name, t.bool("enabled", defaults.get(name)));
                t.finish();
            } else {
                ra.ignore(name);
            }
        }
        ra.finish();
        return out;
    }
}

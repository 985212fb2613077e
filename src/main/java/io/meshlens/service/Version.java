package io.meshlens.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** meshlens's version: from the pom.properties Maven writes into the jar, else "dev" (running from classes). */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/META-INF/maven/io.meshlens/meshlens/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest / dev
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}

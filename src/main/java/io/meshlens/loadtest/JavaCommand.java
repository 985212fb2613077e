package io.meshlens.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A meshlens command line as the {@code ./meshlens} launcher starts it: this JVM's java, the
 * launcher's default JVM options for this JDK ({@code scripts/lib/jvm-options}),
 * {@code MESHLENS_JAVA_OPTS}-style extra options after them, {@code target/meshlens.jar:target/lib/*}.
 */
public record JavaCommand(Path home, List<String> jvmOpts) {
    /** Where the launcher's default JVM options live, relative to the meshlens home. */
    static final String DEFAULT_OPTIONS = "scripts/lib/jvm-options";
    /** Marks a default option that belongs to the default collector. */
    private static final String DEFAULT_GC = "default-gc";

    public JavaCommand {
        jvmOpts = List.copyOf(jvmOpts);
    }

    /**
     * The environment the launcher sets for the JVM: {@code MALLOC_ARENA_MAX} (2 unless already
     * set), which bounds glibc's per-thread malloc arenas.
     */
    public static Map<String, String> environment() {
        return Map.of("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));
    }

    /** {@code extraOpts} split on whitespace, as the launcher's unquoted ${MESHLENS_JAVA_OPTS} is. */
    public static JavaCommand of(Path home, String extraOpts) {
        List<String> extra = extraOpts == null || extraOpts.isBlank() ? List.of() : List.of(extraOpts.trim().split("\\s+"));
        List<String> opts = new ArrayList<>(defaultOptions(home, Runtime.version().feature(),
                extra.stream().anyMatch(JavaCommand::selectsCollector)));
        opts.addAll(extra);
        return new JavaCommand(home, opts);
    }

    private static boolean selectsCollector(String opt) {
        return opt.matches("-XX:\\+Use[A-Za-z0-9]*GC");
    }

    /** The options of {@code scripts/lib/jvm-options} that apply to JDK {@code feature} with the default collector. */
    static List<String> defaultOptions(Path home, int feature) {
        return defaultOptions(home, feature, false);
    }

    /**
     * The options of {@code scripts/lib/jvm-options} that apply to JDK {@code feature}: lines
     * "since option [default-gc]", # comments. When the user chose a collector, the lines marked
     * {@code default-gc} (the default collector and its tuning) are left out.
     */
    static List<String> defaultOptions(Path home, int feature, boolean userCollector) {
        Path file = home.resolve(DEFAULT_OPTIONS);
        List<String> opts = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default JVM options " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2 || parts.length > 3 || !parts[0].matches("\\d+")
                    || (parts.length == 3 && !parts[2].equals(DEFAULT_GC))) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected \"<jdk version> <option> ["
                        + DEFAULT_GC + "]\", got \"" + line + "\"");
            }
            if (userCollector && parts.length == 3) {
                continue;
            }
            if (feature >= Integer.parseInt(parts[0])) {
                opts.add(parts[1]);
            }
        }
        return opts;
    }

    /** java [jvm opts] [system properties] -Dmeshlens.home=… -cp … io.meshlens.cli.Main [args]. */
    public List<String> command(List<String> systemProperties, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts);
        cmd.addAll(systemProperties);
        cmd.add("-Dmeshlens.home=" + home);
        cmd.add("-cp");
        cmd.add(home.resolve("target/meshlens.jar") + ":" + home.resolve("target/lib") + "/*");
        cmd.add("io.meshlens.cli.Main");
        cmd.addAll(args);
        return cmd;
    }
}

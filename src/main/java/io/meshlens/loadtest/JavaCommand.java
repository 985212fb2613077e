package io.meshlens.loadtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A meshlens command line as the {@code ./meshlens} launcher starts it: this JVM's java, the same
 * JDK 24+ flags, {@code MESHLENS_JAVA_OPTS}-style extra options, {@code target/meshlens.jar:target/lib/*}.
 */
public record JavaCommand(Path home, List<String> jvmOpts) {
    public JavaCommand {
        jvmOpts = List.copyOf(jvmOpts);
    }

    /** {@code extraOpts} split on whitespace, as the launcher's unquoted ${MESHLENS_JAVA_OPTS} is. */
    public static JavaCommand of(Path home, String extraOpts) {
        List<String> opts = new ArrayList<>();
        if (Runtime.version().feature() >= 24) {
            opts.add("--sun-misc-unsafe-memory-access=allow");
            opts.add("--enable-native-access=ALL-UNNAMED");
        }
        if (extraOpts != null && !extraOpts.isBlank()) {
            opts.addAll(List.of(extraOpts.trim().split("\\s+")));
        }
        return new JavaCommand(home, opts);
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

package io.meshlens.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaCommandTest {
    /** The project root: tests run with it as the working directory. */
    private static final Path HOME = Path.of("").toAbsolutePath();

    @Test
    void theShippedDefaultsApplyByJdkVersion() {
        assertThat(JavaCommand.defaultOptions(HOME, 21)).contains("-XX:+UseSerialGC", "-XX:SurvivorRatio=4")
                .doesNotContain("--enable-native-access=ALL-UNNAMED", "-XX:+UseCompactObjectHeaders");
        assertThat(JavaCommand.defaultOptions(HOME, 24))
                .contains("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC")
                .doesNotContain("-XX:+UseCompactObjectHeaders");
        assertThat(JavaCommand.defaultOptions(HOME, 25)).contains("-XX:+UseCompactObjectHeaders");
    }

    @Test
    void extraOptionsComeAfterTheDefaultsSoTheyWin() {
        JavaCommand c = JavaCommand.of(HOME, " -Xmx1g  -XX:-UseCompactObjectHeaders ");
        List<String> cmd = c.command(List.of("-Dx=y"), List.of("run"));
        List<String> defaults = JavaCommand.defaultOptions(HOME, Runtime.version().feature());
        assertThat(cmd.subList(1, 1 + defaults.size())).isEqualTo(defaults);
        assertThat(cmd.subList(1 + defaults.size(), 4 + defaults.size()))
                .containsExactly("-Xmx1g", "-XX:-UseCompactObjectHeaders", "-Dx=y");
        assertThat(cmd.getLast()).isEqualTo("run");
        assertThat(cmd.get(cmd.size() - 2)).isEqualTo("io.meshlens.cli.Main");
    }

    @Test
    void aMalformedLineNamesFileAndLine(@TempDir Path home) throws Exception {
        Path f = home.resolve(JavaCommand.DEFAULT_OPTIONS);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "# comment\n\n24 --ok\n-Xmx1g\n");
        assertThatThrownBy(() -> JavaCommand.defaultOptions(home, 25))
                .hasMessageContaining("jvm-options:4")
                .hasMessageContaining("-Xmx1g");
    }

    @Test
    void aCollectorChosenByTheUserReplacesTheDefaultOne() {
        List<String> opts = JavaCommand.of(HOME, "-XX:+UseG1GC -Xmx2g").jvmOpts();
        assertThat(opts).contains("-XX:+UseG1GC", "-Xmx2g", "-XX:+UseCompactObjectHeaders", "-Djdk.httpclient.bufsize=8192")
                .as("the serial collector's sizing goes with it").doesNotContain("-XX:+UseSerialGC", "-XX:NewRatio=10", "-Xms64m");
        assertThat(JavaCommand.of(HOME, "-Xmx2g").jvmOpts()).contains("-XX:+UseSerialGC", "-XX:NewRatio=10", "-Xms64m",
                "-XX:MaxHeapFreeRatio=5");
    }

    @Test
    void agentsGetTheLaunchersMallocArenaLimit() {
        String set = System.getenv("MALLOC_ARENA_MAX");
        assertThat(JavaCommand.environment()).containsEntry("MALLOC_ARENA_MAX", set == null ? "2" : set);
    }

    @Test
    void theBenchsSimulatorKeepsItsOwnHeapSizingAfterMeshlensDefaults() {
        List<String> opts = JavaCommand.of(HOME, Bench.SIM_JVM_OPTS).jvmOpts();
        // Later options win in the JVM: the simulator's come after meshlens's defaults.
        assertThat(opts.lastIndexOf("-Xms384m")).isGreaterThan(opts.indexOf("-Xms64m"));
        assertThat(opts.lastIndexOf("-XX:MaxHeapFreeRatio=15")).isGreaterThan(opts.indexOf("-XX:MaxHeapFreeRatio=5"));
    }
}

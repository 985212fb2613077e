package io.meshlens.lint;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's configs, linted. */
class SeedLintTest {
    static LintResult lint(LintOptions options, Path... files) {
        return Linter.lint(List.of(files), options, LintComponents.create(), Map.of());
    }

    @Test
    void seedConfig() {
        LintResult r = lint(LintOptions.DEFAULT, Path.of("examples/linkerd-mesh.yaml"));
        System.out.println(r.toText());
    }
}

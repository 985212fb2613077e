package io.meshlens.lint;

import java.util.List;

/** One lint rule: reads the context, adds its findings. */
interface Rule {
    void check(LintContext ctx, List<Finding> out);
}

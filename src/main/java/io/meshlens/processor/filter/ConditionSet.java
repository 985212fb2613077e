package io.meshlens.processor.filter;

import io.meshlens.component.ConsumerException;
import io.meshlens.ottl.Condition;
import io.meshlens.ottl.Dependency;
import io.meshlens.ottl.OttlEvalException;
import io.meshlens.ottl.Target;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The conditions of one context, ORed, with the error mode applied as the Collector's
 * ConditionSequence does: {@code propagate} fails the batch, {@code ignore} logs and treats the
 * failing condition as false, {@code silent} does the same without logging.
 */
final class ConditionSet {
    private final Condition[] conditions;
    private final ErrorMode errorMode;
    private final String component;
    private final Logger logger;
    private final Set<Dependency> dependencies;

    ConditionSet(List<FilterCondition> conditions, ErrorMode errorMode, String component, Logger logger) {
        this.conditions = conditions.stream().map(FilterCondition::compiled).toArray(Condition[]::new);
        this.errorMode = errorMode;
        this.component = component;
        this.logger = logger;
        EnumSet<Dependency> deps = EnumSet.noneOf(Dependency.class);
        for (Condition c : this.conditions) {
            deps.addAll(c.dependencies());
        }
        this.dependencies = deps;
    }

    boolean isEmpty() {
        return conditions.length == 0;
    }

    /** Everything any of the conditions reads. */
    Set<Dependency> dependencies() {
        return dependencies;
    }

    /** True when any condition is true at the target's position (→ drop). */
    boolean anyTrue(Target t) {
        return anyTrue(t, null);
    }

    /**
     * Like {@link #anyTrue(Target)}; when {@code errors} is given, {@code errors[0]} is set if an
     * evaluation error was ignored (so the caller does not memoize that verdict).
     */
    boolean anyTrue(Target t, boolean[] errors) {
        for (Condition c : conditions) {
            try {
                if (c.evaluate(t)) {
                    return true;
                }
            } catch (OttlEvalException e) {
                failed(c, e);
                if (errors != null) {
                    errors[0] = true;
                }
            }
        }
        return false;
    }

    /**
     * The verdict when every condition evaluates without error, else null; never logs or throws
     * (a hint must not add log lines, nor fail, where the filter itself would decide later).
     */
    Boolean verdictWithoutErrors(Target t) {
        for (Condition c : conditions) {
            try {
                if (c.evaluate(t)) {
                    return Boolean.TRUE;
                }
            } catch (OttlEvalException e) {
                return null;
            }
        }
        return Boolean.FALSE;
    }

    private void failed(Condition c, OttlEvalException e) {
        String msg = "failed evaluating condition \"" + c.text() + "\": " + e.getMessage();
        switch (errorMode) {
            case PROPAGATE -> throw new ConsumerException(component + ": " + msg, false);
            case IGNORE -> logger.warning(component + ": " + msg);
            case SILENT -> {
            }
        }
    }
}

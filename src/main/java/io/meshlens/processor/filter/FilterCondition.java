package io.meshlens.processor.filter;

import io.meshlens.config.Mark;
import io.meshlens.ottl.Condition;

/** One configured condition: its text, where it is written, and its compiled form. */
public record FilterCondition(String text, Mark mark, Condition compiled) {
}

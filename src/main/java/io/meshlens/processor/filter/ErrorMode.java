package io.meshlens.processor.filter;

/** What the filter does when a condition fails to evaluate (OTTL's error_mode). */
public enum ErrorMode {
    /** The batch fails: the error goes back to the sender and the data is dropped (the default). */
    PROPAGATE,
    /** The error is logged, the condition counts as false, processing continues. */
    IGNORE,
    /** As IGNORE, without the log line. */
    SILENT;

    static ErrorMode parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}

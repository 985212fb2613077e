package io.meshlens.textparse;

/** The kind of entry {@link Parser#next()} stopped at. */
public enum Entry {
    /** A sample line: {@code name{labels} value [timestamp] [# {exemplar} value [ts]]}. */
    SERIES,
    /** {@code # HELP name text}. */
    HELP,
    /** {@code # TYPE name type}. */
    TYPE,
    /** {@code # UNIT name unit} (OpenMetrics only; in text 0.0.4 it is a {@link #COMMENT}). */
    UNIT,
    /** Any other {@code #} line (text 0.0.4 only; OpenMetrics allows no free comments). */
    COMMENT,
    /** End of input (text) or the {@code # EOF} trailer (OpenMetrics). Repeated calls return it again. */
    EOF
}

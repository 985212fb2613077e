package io.meshlens.service;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * java.util.logging set up for the service: one line per record on stderr,
 * {@code 2025-01-02T03:04:05.678Z INFO exporters::debug message}, the logger name being the
 * component ({@code kind::id}), level from service.telemetry.logs.level.
 */
public final class Logging {
    private static final String MANAGER_PROPERTY = "java.util.logging.manager";
    private static volatile boolean configured;

    private Logging() {
    }

    /**
     * Makes {@link Manager} the JVM's LogManager. Must run before anything touches java.util.logging
     * (first thing in main); later calls have no effect.
     */
    public static void installManager() {
        if (System.getProperty(MANAGER_PROPERTY) == null) {
            System.setProperty(MANAGER_PROPERTY, Manager.class.getName());
        }
    }

    /**
     * The JDK resets the LogManager (removing and closing every handler) from its own shutdown hook,
     * concurrently with meshlens's graceful-stop hook: the shutdown messages and the debug exporter's
     * last batches would be lost. Once {@link #configure} owns the handlers, reset is ignored; the
     * handler flushes per record, so nothing is left unwritten at exit.
     */
    public static final class Manager extends LogManager {
        @Override
        public void reset() {
            if (!configured) {
                super.reset();
            }
        }
    }

    /** Replaces the root logger's handlers with one stderr handler at {@code level} (debug|info|warn|error). */
    public static void configure(String level) {
        configure(level, System.err);
    }

    static void configure(String level, PrintStream out) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level l = toLevel(level);
        Handler h = new StreamHandler(out, new OneLineFormatter()) {
            // Flush per record: debug output and shutdown messages must not sit in a buffer when the JVM exits.
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        h.setLevel(l);
        root.addHandler(h);
        root.setLevel(l);
        configured = true;
    }

    /** Flushes the root handlers (before a forced exit). */
    public static void flush() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }

    static Level toLevel(String level) {
        return switch (level.toLowerCase()) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    /** {@code time level component message}, stack trace on the following lines. */
    static final class OneLineFormatter extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(128);
            sb.append(TIME.format(r.getInstant())).append(' ').append(levelName(r.getLevel())).append(' ');
            String name = r.getLoggerName();
            sb.append(name == null || name.isEmpty() ? "meshlens" : name).append(' ').append(formatMessage(r))
                    .append('\n');
            if (r.getThrown() != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                sb.append(w);
            }
            return sb.toString();
        }

        static String levelName(Level l) {
            int v = l.intValue();
            if (v >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (v >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (v >= Level.INFO.intValue()) {
                return "INFO";
            }
            return "DEBUG";
        }
    }
}

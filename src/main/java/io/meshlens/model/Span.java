package io.meshlens.model;

import java.util.List;

/**
 * One span. IDs are lower-case hex strings (32 chars trace, 16 chars span; parent empty for roots).
 * Mutable attributes so processors can re-tag in place.
 */
public final class Span {
    /** A timestamped event inside a span (e.g. an exception). */
    public record Event(String name, long timeNanos, Attributes attributes) {
    }

    public enum Kind { UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

    private final String traceId;
    private final String spanId;
    private final String parentSpanId;
    private String name;
    private final Kind kind;
    private final long startNanos;
    private final long endNanos;
    private Attributes attributes;
    private SpanStatus status;
    private String statusMessage;
    private final List<Event> events;

    public Span(String traceId, String spanId, String parentSpanId, String name, Kind kind, long startNanos,
                long endNanos, Attributes attributes, SpanStatus status, String statusMessage, List<Event> events) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId == null ? "" : parentSpanId;
        this.name = name;
        this.kind = kind;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.attributes = attributes == null ? Attributes.EMPTY : attributes;
        this.status = status == null ? SpanStatus.UNSET : status;
        this.statusMessage = statusMessage == null ? "" : statusMessage;
        this.events = events == null ? List.of() : List.copyOf(events);
    }

    public String traceId() { return traceId; }
    public String spanId() { return spanId; }
    public String parentSpanId() { return parentSpanId; }
    public String name() { return name; }
    public void setName(String n) { this.name = n; }
    public Kind kind() { return kind; }
    public long startNanos() { return startNanos; }
    public long endNanos() { return endNanos; }
    public Attributes attributes() { return attributes; }
    public void setAttributes(Attributes a) { this.attributes = a; }
    public SpanStatus status() { return status; }
    public String statusMessage() { return statusMessage; }
    public void setStatus(SpanStatus s, String message) { this.status = s; this.statusMessage = message == null ? "" : message; }
    public List<Event> events() { return events; }

    public Span copy() {
        return new Span(traceId, spanId, parentSpanId, name, kind, startNanos, endNanos, attributes, status,
                statusMessage, events);
    }
}

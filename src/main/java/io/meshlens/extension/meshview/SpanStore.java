package io.meshlens.extension.meshview;

import io.meshlens.model.Attributes;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The most recent error spans (status ERROR), at most {@code capacity}; the oldest is dropped
 * first. Only error spans are kept: the root-cause view asks "which span failed, and why", and a
 * bounded store of them stays small however much traffic succeeds.
 */
public final class SpanStore {
    private final int capacity;
    private final ArrayDeque<ErrorSpan> spans;
    private long dropped;

    public SpanStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.spans = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** One stored error span with the attributes the edge matching and the page use. */
    public record ErrorSpan(String traceId, String spanId, String name, String service, String kind,
                            String statusMessage, long endUnixNanos, Attributes attributes) {
    }

    /** Keeps the error spans of {@code batch}. */
    public void add(SpanBatch batch) {
        List<ErrorSpan> found = new ArrayList<>();
        for (SpanBatch.ResourceSpans rs : batch.resources()) {
            String service = rs.resource().getString("service.name");
            for (SpanBatch.ScopeSpans ss : rs.scopes()) {
                for (Span s : ss.spans()) {
                    if (s.status() == SpanStatus.ERROR) {
                        found.add(new ErrorSpan(s.traceId(), s.spanId(), s.name(), service == null ? "" : service,
                                s.kind().name(), message(s), s.endNanos(), s.attributes()));
                    }
                }
            }
        }
        if (found.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (ErrorSpan e : found) {
                if (spans.size() == capacity) {
                    spans.removeFirst();
                    dropped++;
                }
                spans.addLast(e);
            }
        }
    }

    /** Up to {@code limit} matching spans, newest first. */
    public synchronized List<ErrorSpan> recent(Predicate<ErrorSpan> match, int limit) {
        List<ErrorSpan> out = new ArrayList<>();
        for (Iterator<ErrorSpan> it = spans.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            ErrorSpan e = it.next();
            if (match.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized int size() {
        return spans.size();
    }

    /** Error spans pushed out by newer ones since start. */
    public synchronized long dropped() {
        return dropped;
    }

    /** The status message, or where instrumentations put the error text when they leave it empty. */
    private static String message(Span s) {
        if (!s.statusMessage().isEmpty()) {
            return s.statusMessage();
        }
        for (String key : List.of("grpc.error_message", "exception.message", "error.message")) {
            String v = s.attributes().getString(key);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        for (Span.Event ev : s.events()) {
            String v = ev.attributes().getString("exception.message");
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}

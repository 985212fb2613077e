package io.meshlens.model;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The metrics a sender left out of a batch because a downstream consumer would have dropped them
 * whole ({@code io.meshlens.component.MetricsDropHint}): each one's header (no points) and how many
 * points it would have had. Components count these points as if they were in the batch; the
 * consumer that drops a metric takes its entry off the list.
 */
public final class SkippedMetrics {
    private Metric[] headers;
    private int[] points;
    private int size;

    public SkippedMetrics() {
        this(8);
    }

    private SkippedMetrics(int capacity) {
        headers = new Metric[capacity];
        points = new int[capacity];
    }

    /** Records a left-out metric; {@code header} is not modified by anyone afterwards. */
    public void add(Metric header, int pointCount) {
        if (size == headers.length) {
            headers = Arrays.copyOf(headers, size * 2);
            points = Arrays.copyOf(points, size * 2);
        }
        headers[size] = header;
        points[size++] = pointCount;
    }

    public int size() {
        return size;
    }

    public Metric header(int i) {
        return headers[i];
    }

    public int points(int i) {
        return points[i];
    }

    public int pointCount() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += points[i];
        }
        return n;
    }

    /** Removes the entries whose header {@code drop} accepts; returns how many points they had. */
    public int removeIf(Predicate<Metric> drop) {
        int removed = 0;
        int j = 0;
        for (int i = 0; i < size; i++) {
            if (drop.test(headers[i])) {
                removed += points[i];
            } else {
                headers[j] = headers[i];
                points[j++] = points[i];
            }
        }
        Arrays.fill(headers, j, size, null);
        size = j;
        return removed;
    }

    /** Removes every entry. */
    public void clear() {
        Arrays.fill(headers, 0, size, null);
        size = 0;
    }

    public SkippedMetrics copy() {
        SkippedMetrics c = new SkippedMetrics(Math.max(1, size));
        System.arraycopy(headers, 0, c.headers, 0, size);
        System.arraycopy(points, 0, c.points, 0, size);
        c.size = size;
        return c;
    }
}

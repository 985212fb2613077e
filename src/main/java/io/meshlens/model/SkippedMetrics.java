package io.meshlens.model;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The metrics a sender left out of a batch because a downstream consumer would have dropped them
 * whole ({@code io.meshlens.component.MetricsDropHint}): each one's header (no points) and how many
 * points it would have had. Components count these points as if they were in the batch; the
 * consumer that drops a metric takes its entry off the list.
 *
 * <p>Copy-on-write: a list may share its arrays with other lists (its copies, and the lists a
 * {@link Recorder} made in earlier scrapes of the same target); the first change to a shared list
 * gives it arrays of its own. A Linkerd scrape leaves out ~150 families, the same ones every time,
 * so a target's lists share one pair of arrays instead of growing new ones each scrape (~4.5 KB
 * per scrape, a quarter of what the steady scrape path allocated).
 */
public final class SkippedMetrics {
    private static final Metric[] NO_HEADERS = new Metric[0];
    private static final int[] NO_POINTS = new int[0];

    private Metric[] headers;
    private int[] points;
    private int size;
    /** The arrays may be read by another list: copied before this one changes them. */
    private boolean shared;

    public SkippedMetrics() {
        this(new Metric[8], new int[8], 0, false);
    }

    private SkippedMetrics(Metric[] headers, int[] points, int size, boolean shared) {
        this.headers = headers;
        this.points = points;
        this.size = size;
        this.shared = shared;
    }

    /** Records a left-out metric; {@code header} is not modified by anyone afterwards. */
    public void add(Metric header, int pointCount) {
        if (shared || size == headers.length) {
            own(Math.max(8, size == headers.length ? size * 2 : headers.length));
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
                if (shared) {
                    own(headers.length);
                }
                removed += points[i];
            } else {
                if (j != i) {
                    headers[j] = headers[i];
                    points[j] = points[i];
                }
                j++;
            }
        }
        if (j < size) {
            Arrays.fill(headers, j, size, null);
            size = j;
        }
        return removed;
    }

    /** Removes every entry. */
    public void clear() {
        if (shared) {
            headers = NO_HEADERS;
            points = NO_POINTS;
            shared = false;
        } else {
            Arrays.fill(headers, 0, size, null);
        }
        size = 0;
    }

    /** A list with the same entries; the two share their arrays until either changes. */
    public SkippedMetrics copy() {
        shared = true;
        return new SkippedMetrics(headers, points, size, true);
    }

    /** Whether the two lists read the same arrays (for tests: what the sharing saves). */
    boolean sharesArraysWith(SkippedMetrics other) {
        return headers == other.headers && points == other.points;
    }

    /** Gives this list arrays of its own with room for {@code capacity} entries. */
    private void own(int capacity) {
        Metric[] h = new Metric[capacity];
        int[] p = new int[capacity];
        System.arraycopy(headers, 0, h, 0, size);
        System.arraycopy(points, 0, p, 0, size);
        headers = h;
        points = p;
        shared = false;
    }

    /**
     * Builds one sender's lists scrape after scrape: a list with the entries of the last one it
     * built shares that list's arrays, so a steady target allocates one small object per scrape.
     * Not thread-safe; one per sender (a target's scrapes run one at a time).
     */
    public static final class Recorder {
        private Metric[] lastHeaders = NO_HEADERS;
        private int[] lastPoints = NO_POINTS;
        private int lastSize;
        /** Entries of this round; {@code null} while they equal the first {@link #size} of the last list. */
        private Metric[] headers;
        private int[] points;
        private int size;

        /** Starts a new list. */
        public void begin() {
            headers = null;
            points = null;
            size = 0;
        }

        public void add(Metric header, int pointCount) {
            if (headers == null) {
                if (size < lastSize && lastHeaders[size] == header && lastPoints[size] == pointCount) {
                    size++;
                    return;
                }
                // The first difference: this round's entries get arrays of their own (the last
                // list's arrays are read by the batches that carry it).
                headers = Arrays.copyOf(lastHeaders, Math.max(8, Math.max(lastSize, size + 1)));
                points = Arrays.copyOf(lastPoints, headers.length);
            } else if (size == headers.length) {
                headers = Arrays.copyOf(headers, size * 2);
                points = Arrays.copyOf(points, size * 2);
            }
            headers[size] = header;
            points[size++] = pointCount;
        }

        /**
         * The list of this round, or {@code null} when nothing was left out; it shares its arrays
         * with the last list when it has the same entries (or a prefix of them).
         */
        public SkippedMetrics finish() {
            if (size == 0) {
                return null;
            }
            if (headers != null) {
                Arrays.fill(headers, size, headers.length, null); // entries past this round's end, from the last list
                lastHeaders = headers;
                lastPoints = points;
                lastSize = size;
            }
            return new SkippedMetrics(lastHeaders, lastPoints, size, true);
        }
    }
}

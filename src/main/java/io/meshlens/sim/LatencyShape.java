package io.meshlens.sim;

/**
 * A log-normal latency distribution (median, spread) plus a fixed added delay, evaluated once at the
 * histogram bounds. Bucket counts are {@code floor(n * cdf(bound))}: monotone in {@code n} and in the
 * bound, so counters never go down and buckets stay cumulative.
 */
final class LatencyShape {
    /** The legacy proxy buckets of {@code response_latency_ms} (ms); {@code +Inf} is implied. */
    static final long[] LEGACY_MS = {1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000,
        5000, 10000, 20000, 30000, 40000, 50000};

    final double medianMs;
    final double sigma;
    final double shiftMs;
    /** cdf at each legacy bound. */
    final double[] legacyCdf;
    final double meanMs;

    LatencyShape(double medianMs, double sigma, double shiftMs) {
        this.medianMs = medianMs;
        this.sigma = sigma;
        this.shiftMs = shiftMs;
        legacyCdf = new double[LEGACY_MS.length];
        for (int i = 0; i < LEGACY_MS.length; i++) {
            legacyCdf[i] = cdf(LEGACY_MS[i]);
        }
        meanMs = shiftMs + medianMs * Math.exp(sigma * sigma / 2);
    }

    LatencyShape shifted(double ms) {
        return new LatencyShape(medianMs, sigma, shiftMs + ms);
    }

    LatencyShape scaled(double factor) {
        return new LatencyShape(medianMs * factor, sigma, shiftMs * factor);
    }

    /** P(latency <= ms). */
    double cdf(double ms) {
        double x = ms - shiftMs;
        if (x <= 0) {
            return 0;
        }
        double z = (Math.log(x) - Math.log(medianMs)) / (sigma * Math.sqrt(2));
        return 0.5 * (1 + erf(z));
    }

    static long bucket(long n, double cdf) {
        return (long) Math.floor(n * cdf);
    }

    /** Abramowitz–Stegun 7.1.26; enough precision for bucket fractions. */
    private static double erf(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-z * z);
        return z >= 0 ? y : -y;
    }
}

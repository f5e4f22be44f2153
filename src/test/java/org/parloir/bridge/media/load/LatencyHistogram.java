package org.parloir.bridge.media.load;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One-way latencies in microseconds: 1 µs buckets up to 10 ms, then 100 µs buckets up to about 1 s (later ones
 * count in the last bucket). Recorded from several receiver threads.
 */
final class LatencyHistogram {

    private static final int FINE = 10_000;
    private static final int COARSE = 9_900;
    private final AtomicLongArray counts = new AtomicLongArray(FINE + COARSE);

    void record(long nanos) {
        long us = Math.max(0, nanos / 1000);
        int bucket = us < FINE ? (int) us : FINE + (int) Math.min((us - FINE) / 100, COARSE - 1);
        counts.incrementAndGet(bucket);
    }

    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The latency (ms) under which a fraction {@code q} of the samples fall; NaN without samples. */
    double quantileMillis(double q) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                double us = i < FINE ? i + 0.5 : FINE + (i - FINE) * 100 + 50;
                return us / 1000;
            }
        }
        return Double.NaN;
    }
}

package org.parloir.bridge.media;

import java.util.concurrent.atomic.LongAdder;

/**
 * How long the relay takes per datagram, from the moment its receive returned to the end of its handling (the
 * send to the other leg included): a fixed-bucket histogram of {@link LongAdder}s shared by every receive loop,
 * so recording allocates nothing and a scrape reads sums. Exported as {@code parloir.bridge.media.processing}
 * (cumulative counts per upper bound, Prometheus' {@code le}).
 */
public final class ProcessingTimes {

    /** Upper bounds of the buckets in microseconds; one more bucket holds everything above the last. */
    private static final long[] BOUNDS_MICROS = {10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 50_000};

    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];

    public ProcessingTimes() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        long micros = nanos / 1_000;
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        buckets[i].increment();
    }

    /** How many buckets there are, the last one unbounded. */
    public int buckets() {
        return buckets.length;
    }

    /** The upper bound of {@code bucket} in milliseconds as Prometheus writes it, {@code +Inf} for the last. */
    public String upperBoundMillis(int bucket) {
        return bucket == BOUNDS_MICROS.length ? "+Inf" : Double.toString(BOUNDS_MICROS[bucket] / 1_000.0);
    }

    /** Datagrams handled within the upper bound of {@code bucket} (cumulative, as a histogram's {@code le}). */
    public long countUpTo(int bucket) {
        long sum = 0;
        for (int i = 0; i <= bucket; i++) {
            sum += buckets[i].sum();
        }
        return sum;
    }
}

package org.parloir.bridge.media.load;

import java.util.concurrent.atomic.LongAdder;

/** What the receivers record across calls: one-way latency per measured step and direction, misrouted packets. */
final class LoadStats {

    private final LatencyHistogram[][] latency;
    private final LongAdder misrouted = new LongAdder();

    LoadStats(int steps) {
        latency = new LatencyHistogram[steps + 1][2];
        for (LatencyHistogram[] perStep : latency) {
            perStep[0] = new LatencyHistogram();
            perStep[1] = new LatencyHistogram();
        }
    }

    LatencyHistogram latency(int step, int direction) {
        return latency[step][direction];
    }

    void misrouted() {
        misrouted.increment();
    }

    long misroutedCount() {
        return misrouted.sum();
    }
}

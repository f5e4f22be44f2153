package org.parloir.bridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The relay's processing-time histogram: bucket edges, cumulative counts, nothing allocated per record. */
class ProcessingTimesTest {

    @Test
    void countsAreCumulativePerUpperBoundAndTheLastBucketTakesTheRest() {
        ProcessingTimes times = new ProcessingTimes();
        times.record(3_000);          // 3 µs
        times.record(10_000);         // 10 µs: on the first edge, inside it
        times.record(10_001_000);     // 10.001 ms
        times.record(3_600_000_000L); // an hour
        assertThat(times.upperBoundMillis(0)).isEqualTo("0.01");
        assertThat(times.countUpTo(0)).isEqualTo(2);
        int last = times.buckets() - 1;
        assertThat(times.upperBoundMillis(last)).isEqualTo("+Inf");
        assertThat(times.upperBoundMillis(last - 1)).isEqualTo("50.0");
        assertThat(times.countUpTo(last - 1)).isEqualTo(3);
        assertThat(times.countUpTo(last)).isEqualTo(4);
    }

    @Test
    void recordingAllocatesNothing() {
        ProcessingTimes times = new ProcessingTimes();
        for (int i = 0; i < 1_000; i++) {
            times.record(i * 997L);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            times.record(i * 7919L);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(before).isPositive();
        assertThat(allocated).as("bytes for 10,000 records").isLessThan(1_000);
        assertThat(times.countUpTo(times.buckets() - 1)).isEqualTo(11_000);
    }
}

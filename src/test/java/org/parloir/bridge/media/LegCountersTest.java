package org.parloir.bridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Losses from sequence gaps per source (RFC 3550 A.1 spirit): gaps count, late/duplicate/restarts do not. */
class LegCountersTest {

    @Test
    void aGapCountsTheMissingPacketsAcrossTheSequenceWrap() {
        LegCounters c = new LegCounters(4);
        for (int seq : new int[] {65533, 65534, 1, 2, 5}) { // 65535 and 0 missing, then 3 and 4
            c.receivedRtp(rtp(7, seq), 100, 1);
        }
        assertThat(c.snapshot()).isEqualTo(new LegStats(5, 0, 4, 500, 0, 0));
    }

    @Test
    void lateDuplicateAndRestartedPacketsAreNoLoss() {
        LegCounters c = new LegCounters(4);
        for (int seq : new int[] {100, 102, 101, 102, 20000, 20001}) {
            c.receivedRtp(rtp(7, seq), 10, 1);
        }
        assertThat(c.snapshot().packetsLost()).as("101 arrived late; 20000 is a jump past MAX_DROPOUT").isEqualTo(1);
    }

    @Test
    void sourcesAreTrackedSeparatelyAndBounded() {
        LegCounters c = new LegCounters(1);
        c.receivedRtp(rtp(1, 10), 10, 1);
        c.receivedRtp(rtp(2, 10), 10, 1);
        c.receivedRtp(rtp(2, 50), 10, 1); // an untracked second source: no loss accounting for it
        c.receivedRtp(rtp(1, 12), 10, 1);
        assertThat(c.snapshot().packetsLost()).isEqualTo(1);
        c.sent(30);
        c.rejected();
        assertThat(c.snapshot()).isEqualTo(new LegStats(4, 1, 1, 40, 30, 1));
        assertThat(c.lastRtpNanos()).isEqualTo(1);
    }

    private static byte[] rtp(int ssrc, int seq) {
        byte[] p = new byte[12];
        p[0] = (byte) 0x80;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[11] = (byte) ssrc;
        return p;
    }
}

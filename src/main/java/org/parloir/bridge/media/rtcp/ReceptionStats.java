package org.parloir.bridge.media.rtcp;

/**
 * What one leg knows of one source it receives, for the report block it sends back (RFC 3550 §6.4.1): the
 * extended highest sequence number and the losses of Appendix A.1 and A.3, the interarrival jitter of A.8 and the
 * last sender report's middle NTP bits with the time it came (LSR, DLSR). Arrival times are given in the source's
 * RTP clock units by the caller. Not thread-safe: the leg that owns it serialises updates and reports.
 */
public final class ReceptionStats {

    private static final int SEQ_MOD = 1 << 16;
    /** RFC 3550 A.1: a forward jump up to this is in sequence (with losses); a larger one is suspect. */
    private static final int MAX_DROPOUT = 3000;
    /** A.1: a backward step up to this is a late packet, not a restart. */
    private static final int MAX_MISORDER = 100;

    private final long ssrc;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq = SEQ_MOD + 1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private boolean started;
    private long lastTransit;
    private boolean transitKnown;
    /** Jitter scaled by 16 (A.8's integer form). */
    private long jitter16;
    private long lastSrNtpMiddle;
    private long lastSrArrivalNanos;

    public ReceptionStats(long ssrc) {
        this.ssrc = ssrc;
    }

    public long ssrc() {
        return ssrc;
    }

    /**
     * An RTP packet of this source: its sequence number, RTP timestamp and arrival in timestamp units. Returns
     * false when it is not counted (the first of a suspected restart, A.1's bad_seq).
     */
    public boolean received(int seq, long rtpTimestamp, long arrivalUnits) {
        seq &= 0xFFFF;
        if (!started) {
            start(seq);
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += SEQ_MOD; // wrapped
                }
                maxSeq = seq;
            } else if (delta <= SEQ_MOD - MAX_MISORDER) {
                if (seq != badSeq) {
                    badSeq = (seq + 1) & 0xFFFF;
                    return false;
                }
                start(seq); // two in sequence after a jump: the source restarted
            }
            // else a duplicate or late packet: counted as received, the highest stays
        }
        received++;
        long transit = (arrivalUnits - rtpTimestamp) & 0xFFFFFFFFL;
        if (transitKnown) {
            long d = (int) (transit - lastTransit); // 32-bit wrap-around difference
            jitter16 += Math.abs(d) - ((jitter16 + 8) >> 4);
        }
        lastTransit = transit;
        transitKnown = true;
        return true;
    }

    private void start(int seq) {
        started = true;
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
        transitKnown = false;
        jitter16 = 0;
    }

    /** A sender report of this source: LSR is the middle 32 bits of its NTP timestamp (§6.4.1). */
    public void senderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrNtpMiddle = (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
        lastSrArrivalNanos = arrivalNanos;
    }

    public boolean started() {
        return started;
    }

    public long extendedHighestSeq() {
        return cycles + maxSeq;
    }

    public long expected() {
        return started ? extendedHighestSeq() - baseSeq + 1 : 0;
    }

    /** Cumulative packets lost, clamped to the 24-bit signed field (A.3; duplicates may make it negative). */
    public int cumulativeLost() {
        long lost = expected() - received;
        return (int) Math.max(-0x800000, Math.min(0x7FFFFF, lost));
    }

    public long jitter() {
        return jitter16 >> 4;
    }

    /**
     * The report block about this source, now, written at {@code out[at]} (24 bytes); the interval for the
     * fraction lost starts again (A.3).
     */
    public void writeBlock(byte[] out, int at, long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        Rtcp.put32(out, at, ssrc);
        Rtcp.put32(out, at + 4, ((long) Math.min(fraction, 255) << 24) | (cumulativeLost() & 0xFFFFFFL));
        Rtcp.put32(out, at + 8, extendedHighestSeq());
        Rtcp.put32(out, at + 12, jitter());
        Rtcp.put32(out, at + 16, lastSrNtpMiddle);
        long dlsr = 0;
        if (lastSrNtpMiddle != 0) { // 1/65536 s since that report came
            dlsr = Math.max(0, (nowNanos - lastSrArrivalNanos) * 65536 / 1_000_000_000L);
        }
        Rtcp.put32(out, at + 20, Math.min(dlsr, 0xFFFFFFFFL));
    }
}

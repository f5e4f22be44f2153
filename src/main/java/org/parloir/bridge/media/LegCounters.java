package org.parloir.bridge.media;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters behind {@link LegStats}, and losses from RTP sequence gaps (RFC 3550 §6.4.1's "cumulative number
 * of packets lost" in spirit: a forward jump of n counts n - 1; a late or repeated packet counts nothing). The
 * receive side is touched by the leg's own loop only, the send side by either loop.
 */
final class LegCounters {

    /** A jump larger than this is a restart of the stream, not a loss (RFC 3550 A.1's MAX_DROPOUT). */
    private static final int MAX_DROPOUT = 3000;

    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong packetsLost = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** Per source (at most {@code maxSources}): SSRC and last sequence number, primitive: nothing boxed per packet. */
    private final long[] ssrcs;
    private final int[] lastSeqs;
    private int sources;
    private volatile long lastRtpNanos;

    LegCounters(int maxSources) {
        this.ssrcs = new long[maxSources];
        this.lastSeqs = new int[maxSources];
    }

    void received(int bytes) {
        packetsIn.incrementAndGet();
        bytesIn.addAndGet(bytes);
    }

    /** An accepted RTP packet: its loss accounting, and the time media last flowed. */
    void receivedRtp(byte[] rtp, int bytes, long nanos) {
        received(bytes);
        lastRtpNanos = nanos;
        long ssrc = ((rtp[8] & 0xFFL) << 24) | ((rtp[9] & 0xFFL) << 16) | ((rtp[10] & 0xFFL) << 8) | (rtp[11] & 0xFFL);
        int seq = ((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF);
        int at = 0;
        while (at < sources && ssrcs[at] != ssrc) {
            at++;
        }
        if (at == sources) {
            if (sources < ssrcs.length) {
                ssrcs[at] = ssrc;
                lastSeqs[at] = seq;
                sources++;
            }
            return;
        }
        int delta = (seq - lastSeqs[at]) & 0xFFFF;
        if (delta == 0 || delta >= 0x8000) {
            return; // a duplicate or a late one
        }
        if (delta <= MAX_DROPOUT) {
            packetsLost.addAndGet(delta - 1);
        }
        lastSeqs[at] = seq;
    }

    void sent(int bytes) {
        packetsOut.incrementAndGet();
        bytesOut.addAndGet(bytes);
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    /** {@link System#nanoTime()} of the last accepted RTP packet, 0 before the first. */
    long lastRtpNanos() {
        return lastRtpNanos;
    }

    LegStats snapshot() {
        return new LegStats(packetsIn.get(), packetsOut.get(), packetsLost.get(), bytesIn.get(), bytesOut.get(),
                rejected.get());
    }
}

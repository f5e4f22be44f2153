package org.parloir.bridge.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RTCP as the bridge writes and reads it when it terminates RTCP per leg (RFC 3550 §6; RFC 7667 §3.2.1.3, a
 * back-to-back RTP session): a compound packet of one SR (or RR when nothing was sent) with report blocks and one
 * SDES CNAME chunk (§6.1: every compound packet carries a CNAME), and a reader that walks a compound packet and
 * hands out sender reports and report blocks, every other packet type (feedback, XR, APP, BYE) only counted.
 */
public final class Rtcp {

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    /** Seconds from 1900 (NTP) to 1970 (Unix). */
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    private Rtcp() {
    }

    /** What we sent on a leg since the stream started, for the SR's sender info (§6.4.1). */
    public record SenderInfo(long ntpTimestamp, long rtpTimestamp, long packets, long payloadOctets) {
    }

    /** One report block as received (§6.4.1), from {@code reporter} about {@code source}. */
    public record Block(long reporter, long source, int fractionLost, int cumulativeLost, long extendedHighestSeq,
            long jitter, long lastSr, long delaySinceLastSr) {
    }

    /** What {@link #read} hands out. */
    public interface Visitor {

        void senderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packets, long octets);

        void block(Block block);

        /** Any other packet of the compound (SDES, BYE, APP, RTPFB, PSFB, XR): nothing of it is used. */
        default void other(int packetType) {
        }
    }

    /** The 64-bit NTP timestamp of a Unix time in milliseconds (RFC 5905 §6). */
    public static long ntp(long unixMillis) {
        long seconds = unixMillis / 1000 + NTP_EPOCH_OFFSET;
        long fraction = ((unixMillis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /**
     * The round trip of §6.4.1 in microseconds: arrival {@code nowNtp} minus the LSR and DLSR the block echoes;
     * -1 when the block echoes no report of ours.
     */
    public static long roundTripMicros(long nowNtp, long lastSr, long delaySinceLastSr) {
        if (lastSr == 0) {
            return -1;
        }
        long now = (nowNtp >>> 16) & 0xFFFFFFFFL;
        long rtt = (now - lastSr - delaySinceLastSr) & 0xFFFFFFFFL;
        return rtt > 0x7FFFFFFFL ? -1 : rtt * 1_000_000 / 65536;
    }

    /**
     * Writes at {@code out[0]} an SR from {@code ssrc} with {@code sender} (or an RR when it is null), a report
     * block per source, and an SDES chunk with {@code cname}; returns the length. {@code out} must hold
     * {@link #maxLength}.
     */
    public static int writeReport(byte[] out, long ssrc, SenderInfo sender, List<ReceptionStats> sources,
            String cname, long nowNanos) {
        int blocks = Math.min(sources.size(), 31);
        int at = 0;
        int header = sender != null ? 28 : 8;
        int length = header + 24 * blocks;
        out[0] = (byte) (0x80 | blocks);
        out[1] = (byte) (sender != null ? SR : RR);
        put16(out, 2, length / 4 - 1);
        put32(out, 4, ssrc);
        if (sender != null) {
            put32(out, 8, sender.ntpTimestamp() >>> 32);
            put32(out, 12, sender.ntpTimestamp());
            put32(out, 16, sender.rtpTimestamp());
            put32(out, 20, sender.packets());
            put32(out, 24, sender.payloadOctets());
        }
        at = header;
        for (int i = 0; i < blocks; i++) {
            sources.get(i).writeBlock(out, at, nowNanos);
            at += 24;
        }
        return at + writeCname(out, at, ssrc, cname);
    }

    /** The longest {@link #writeReport} can write for this many sources and a CNAME of this many bytes. */
    public static int maxLength(int sources, int cnameBytes) {
        return 28 + 24 * Math.min(sources, 31) + 8 + 2 + cnameBytes + 4;
    }

    /** §6.5: one chunk, the CNAME item, the null item ending the list, padded to 32 bits. */
    private static int writeCname(byte[] out, int at, long ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        int items = 2 + Math.min(text.length, 255);
        int chunk = 4 + ((items + 1 + 3) & ~3); // at least one null octet after the items
        int length = 4 + chunk;
        out[at] = (byte) 0x81;
        out[at + 1] = (byte) SDES;
        put16(out, at + 2, length / 4 - 1);
        put32(out, at + 4, ssrc);
        out[at + 8] = 1; // CNAME
        out[at + 9] = (byte) (items - 2);
        System.arraycopy(text, 0, out, at + 10, items - 2);
        for (int i = at + 8 + items; i < at + length; i++) {
            out[i] = 0;
        }
        return length;
    }

    /**
     * Walks the compound packet {@code data[0, length)}; returns false (having handed out what came before) at
     * the first packet that is not well formed (§6.1, A.2: version 2, a length inside the datagram).
     */
    public static boolean read(byte[] data, int length, Visitor visitor) {
        int at = 0;
        while (at + 4 <= length) {
            if ((data[at] & 0xC0) != 0x80) {
                return false;
            }
            int count = data[at] & 0x1F;
            int type = data[at + 1] & 0xFF;
            int size = (get16(data, at + 2) + 1) * 4;
            if (at + size > length) {
                return false;
            }
            switch (type) {
                case SR -> {
                    if (size < 28 + 24 * count) {
                        return false;
                    }
                    long ssrc = get32(data, at + 4);
                    visitor.senderReport(ssrc, (get32(data, at + 8) << 32) | get32(data, at + 12),
                            get32(data, at + 16), get32(data, at + 20), get32(data, at + 24));
                    blocks(data, at + 28, count, ssrc, visitor);
                }
                case RR -> {
                    if (size < 8 + 24 * count) {
                        return false;
                    }
                    blocks(data, at + 8, count, get32(data, at + 4), visitor);
                }
                default -> visitor.other(type);
            }
            at += size;
        }
        return at == length;
    }

    private static void blocks(byte[] data, int at, int count, long reporter, Visitor visitor) {
        for (int i = 0; i < count; i++, at += 24) {
            int lost = (int) (get32(data, at + 4) & 0xFFFFFF);
            if ((lost & 0x800000) != 0) {
                lost |= 0xFF000000; // 24-bit signed
            }
            visitor.block(new Block(reporter, get32(data, at), data[at + 4] & 0xFF, lost, get32(data, at + 8),
                    get32(data, at + 12), get32(data, at + 16), get32(data, at + 20)));
        }
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int get16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long get32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}

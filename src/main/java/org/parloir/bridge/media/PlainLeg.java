package org.parloir.bridge.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The SIP side of a relayed call: plain RTP and RTCP on one port (RFC 5761), accepted only from the IP address
 * the SIP side signalled. Its port is latched to where the first packet really comes from (symmetric RTP,
 * RFC 4961: a phone behind NAT sends from another port than it announced), and from then on only that exact
 * address is accepted and sent to. Per packet nothing is allocated: the source is compared as the
 * {@link InetSocketAddress} the channel hands out (the same object for a steady sender), the packet is renumbered
 * in place and sent on from the receiving loop's own buffer.
 */
final class PlainLeg {

    private final RelayedCall call;
    private final DatagramChannel socket;
    private final LegCounters counters;
    private volatile InetSocketAddress remote;
    private volatile PayloadTypes payloadTypes;
    private volatile boolean latched;

    PlainLeg(RelayedCall call, DatagramChannel socket, int maxSsrcs) {
        this.call = call;
        this.socket = socket;
        this.counters = new LegCounters(maxSsrcs);
    }

    /** Also a re-target: the latch is released, the next packet from the new IP latches again. */
    synchronized void start(InetSocketAddress to, PayloadTypes types) {
        payloadTypes = types;
        latched = false;
        remote = to;
    }

    void onDatagram(ByteBuffer buffer, int length, InetSocketAddress source) {
        byte[] data = buffer.array();
        if (!accepted(source)) {
            counters.rejected();
            return;
        }
        switch (PacketKind.of(data, length)) {
            case RTP -> {
                if (length < 12) {
                    counters.rejected();
                    return;
                }
                boolean first = counters.lastRtpNanos() == 0;
                counters.receivedRtp(data, length, System.nanoTime());
                if (first) {
                    call.plainConnected();
                }
                payloadTypes.toSecure(data);
                call.toSecure(buffer, length, false);
            }
            case RTCP -> {
                counters.received(length);
                call.toSecure(buffer, length, true);
            }
            default -> counters.rejected();
        }
    }

    private synchronized boolean accepted(InetSocketAddress source) {
        InetSocketAddress r = remote;
        if (r == null) {
            return false;
        }
        if (latched) {
            return source.equals(r);
        }
        if (!source.getAddress().equals(r.getAddress())) {
            return false;
        }
        remote = source; // RFC 4961 §4: send back to where it comes from
        latched = true;
        return true;
    }

    /**
     * From the secure leg's loop: a decrypted packet in {@code buffer.array()[0, length)} (that loop's buffer) for
     * the SIP side, payload type renumbered in place.
     */
    void forward(ByteBuffer buffer, int length, boolean rtcp) {
        InetSocketAddress to = remote;
        if (to == null) {
            return;
        }
        if (!rtcp) {
            payloadTypes.toPlain(buffer.array());
        }
        try {
            buffer.clear().limit(length);
            socket.send(buffer, to);
            counters.sent(length);
        } catch (IOException e) {
            // a lost UDP packet: nothing to do
        }
    }

    boolean started() {
        return remote != null;
    }

    LegCounters counters() {
        return counters;
    }
}

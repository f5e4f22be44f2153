package org.parloir.bridge.media.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.media.dtls.DtlsOutcome;
import org.parloir.bridge.media.dtls.DtlsSrtpEndpoint;
import org.parloir.bridge.media.srtp.SrtpSession;

/**
 * One generated call: the WebRTC client's port (ICE, DTLS-SRTP, SRTP with rtcp-mux) and the phone's port (plain
 * RTP), each sending a 20 ms G.711 packet (12-byte header, 160-byte payload) per tick once DTLS is up. The payload
 * carries the send time ({@code System.nanoTime()} of this JVM), the call's index, the measured step (0: not
 * measured) and the direction, so the other end counts it and takes its one-way time through the relay.
 *
 * Threads: one sender thread protects and sends (the outbound SRTP state is its own); one receiver thread reads
 * both ports (the inbound SRTP state is its own); DTLS runs on its endpoint's virtual thread.
 */
final class LoadCall {

    static final int TO_PHONE = 0;
    static final int TO_CLIENT = 1;
    static final int PAYLOAD = 160;
    private static final int HEADER = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    final int index;
    final String callId;
    final String ufrag = IceClient.random(8);
    final String pwd = IceClient.random(24);
    final DatagramChannel secure;
    final DatagramChannel plain;
    private final IceClient ice = new IceClient(ufrag, pwd);
    private final int steps;
    /** Per (step, direction): packets sent and received; step 0 is everything outside measured windows. */
    private final AtomicLongArray sent;
    private final AtomicLongArray received;
    private volatile Anchor.RelayEnds relay;
    private volatile DtlsSrtpEndpoint dtls;
    private volatile SrtpSession outbound;
    private volatile SrtpSession inbound;
    private volatile boolean iceDone;
    private volatile String failure;
    private long nextCheckNanos;
    private final int[] seq = new int[2];
    private final int[] ssrc = {RANDOM.nextInt(), RANDOM.nextInt()};
    private final byte[][] packet = {new byte[HEADER + PAYLOAD], new byte[HEADER + PAYLOAD]};
    /** The sender thread's: the SRTP of the packet to the phone, and views of the arrays (no garbage per packet). */
    private final byte[] srtp = new byte[HEADER + PAYLOAD + 16];
    private final ByteBuffer srtpView = ByteBuffer.wrap(srtp);
    private final ByteBuffer[] views = {ByteBuffer.wrap(packet[TO_PHONE]), ByteBuffer.wrap(packet[TO_CLIENT])};

    LoadCall(int index, String runId, InetSocketAddress bind, int steps) throws IOException {
        this.index = index;
        this.callId = runId + "-" + index;
        this.steps = steps;
        this.sent = new AtomicLongArray(2 * (steps + 1));
        this.received = new AtomicLongArray(2 * (steps + 1));
        this.secure = open(bind);
        this.plain = open(bind);
    }

    private static DatagramChannel open(InetSocketAddress bind) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress(bind.getAddress(), 0));
        c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 256 * 1024);
        c.configureBlocking(false);
        return c;
    }

    Anchor.ClientEnds ends(DtlsIdentity identity) throws IOException {
        return new Anchor.ClientEnds(callId, ufrag, pwd, (InetSocketAddress) secure.getLocalAddress(),
                identity.fingerprint(), (InetSocketAddress) plain.getLocalAddress());
    }

    /** The relay answered: DTLS starts in the role it left us (as server it waits for the ClientHello). */
    void connect(Anchor.RelayEnds ends, DtlsIdentity identity) {
        relay = ends;
        DtlsSrtpEndpoint d = new DtlsSrtpEndpoint(callId, identity, ends.clientRole(), ends.fingerprint(),
                (data, off, len) -> secure.send(ByteBuffer.wrap(data, off, len), ends.secure()),
                Duration.ofSeconds(30));
        dtls = d;
        d.start().thenAccept(outcome -> {
            switch (outcome) {
                case DtlsOutcome.Established e -> {
                    inbound = e.keying().inbound(4);
                    outbound = e.keying().outbound(4);
                }
                case DtlsOutcome.Failed f -> failure = "DTLS: " + f.reason();
            }
        });
    }

    boolean connected() {
        return outbound != null;
    }

    String failure() {
        return failure;
    }

    /** From the ICE thread: a check now and then (every 200 ms until one succeeded, then every 2 s: consent). */
    void maybeCheck(long now) throws IOException {
        Anchor.RelayEnds r = relay;
        if (r == null || now < nextCheckNanos) {
            return;
        }
        nextCheckNanos = now + (iceDone ? 2_000_000_000L : 200_000_000L);
        secure.send(ByteBuffer.wrap(ice.check(r.iceUfrag(), r.icePwd())), r.secure());
    }

    /** From the sender thread: one packet each way, if DTLS is up. */
    void sendBoth(int step) throws IOException {
        SrtpSession out = outbound;
        Anchor.RelayEnds r = relay;
        if (out == null) {
            return;
        }
        byte[] toPhone = next(TO_PHONE, step);
        srtpView.clear().limit(out.protectRtp(toPhone, toPhone.length, srtp));
        secure.send(srtpView, r.secure());
        sent.incrementAndGet(2 * step + TO_PHONE);
        next(TO_CLIENT, step);
        plain.send(views[TO_CLIENT].clear(), r.plain());
        sent.incrementAndGet(2 * step + TO_CLIENT);
    }

    private byte[] next(int direction, int step) {
        byte[] p = packet[direction];
        int s = seq[direction]++;
        ByteBuffer b = views[direction].clear();
        b.put((byte) 0x80).put((byte) 0).putShort((short) s).putInt(s * PAYLOAD).putInt(ssrc[direction]);
        b.putInt(index).put((byte) step).put((byte) direction).putLong(System.nanoTime());
        return p;
    }

    /** From the receiver thread: a datagram on the client's port. */
    void onSecure(byte[] data, int length, InetSocketAddress source, LoadStats stats) throws IOException {
        int first = data[0] & 0xFF;
        if (first <= 3) {
            switch (ice.receive(data, length, source)) {
                case IceClient.Succeeded s -> iceDone = true;
                case IceClient.Checked c -> secure.send(ByteBuffer.wrap(c.response()), source);
                case IceClient.Ignored i -> { }
            }
        } else if (first >= 20 && first <= 63) {
            DtlsSrtpEndpoint d = dtls;
            if (d != null) {
                d.offer(data, 0, length);
            }
        } else if (first >= 128 && first <= 191 && (data[1] & 0xFF) < 192) {
            SrtpSession in = inbound;
            int n = in == null ? -1 : in.unprotectRtp(data, length, data); // in the receiver's buffer
            if (n >= 0) {
                arrived(data, n, TO_CLIENT, stats);
            }
        }
    }

    /** From the receiver thread: a datagram on the phone's port (rtpengine's RTCP, if any, is ignored). */
    void onPlain(byte[] data, int length, LoadStats stats) {
        if (length > HEADER && (data[0] & 0xC0) == 0x80 && (data[1] & 0xFF) < 192) {
            arrived(data, length, TO_PHONE, stats);
        }
    }

    private void arrived(byte[] p, int length, int direction, LoadStats stats) {
        long now = System.nanoTime();
        int at = HEADER + 4 * (p[0] & 0x0F);
        if ((p[0] & 0x10) != 0 && length >= at + 4) { // RFC 3550 §5.3.1: a header extension
            at += 4 + 4 * (((p[at + 2] & 0xFF) << 8) | (p[at + 3] & 0xFF));
        }
        if (length < at + 14) {
            stats.misrouted();
            return;
        }
        int callIndex = (int) bigEndian(p, at, 4);
        int step = p[at + 4];
        int dir = p[at + 5];
        long sentAt = bigEndian(p, at + 6, 8);
        if (callIndex != index || dir != direction || step < 0 || step > steps) {
            stats.misrouted();
            return;
        }
        received.incrementAndGet(2 * step + direction);
        if (step > 0) {
            stats.latency(step, direction).record(now - sentAt);
        }
    }

    private static long bigEndian(byte[] p, int at, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (p[at + i] & 0xFF);
        }
        return v;
    }

    long sent(int step, int direction) {
        return sent.get(2 * step + direction);
    }

    long received(int step, int direction) {
        return received.get(2 * step + direction);
    }

    void close(Anchor anchor) {
        DtlsSrtpEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
        try {
            anchor.close(callId);
        } catch (IOException e) {
            // the relay is going away too
        }
        try {
            secure.close();
            plain.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}

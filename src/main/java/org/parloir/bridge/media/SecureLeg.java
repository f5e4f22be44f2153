package org.parloir.bridge.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.media.dtls.DtlsOutcome;
import org.parloir.bridge.media.dtls.DtlsSrtpEndpoint;
import org.parloir.bridge.media.ice.CheckOutcome;
import org.parloir.bridge.media.ice.LiteResponder;
import org.parloir.bridge.media.srtp.SrtpSession;

/**
 * The browser side of a relayed call, one port for everything (RFC 7983, RFC 5761): STUN checks answered by an
 * ICE-lite responder with our credentials only; DTLS and SRTP accepted only from addresses whose checks passed
 * (RFC 8445 §12.1: media may come on any valid pair; a browser checks from each of its interfaces, and sends on the
 * pair it selected, which need not be the last one checked), sent to the selected pair (the nominated one, else the
 * most recent valid, RFC 8445 §7.3.1.5); SRTP keys installed only after the
 * handshake succeeded with the signalled fingerprint. Its receive loop alone touches the inbound SRTP state; the
 * plain leg's loop alone the outbound. SRTP and SRTCP are unprotected and protected in place, in the buffer of the
 * loop that received the packet, and sent on from it: nothing is allocated per media packet (STUN checks, a few a
 * second at most, and DTLS may allocate).
 */
final class SecureLeg {

    private final RelayedCall call;
    private final DatagramChannel socket;
    private final LegCounters counters;
    private final String ufrag;
    private final String pwd;
    private volatile LiteResponder responder;
    private volatile DtlsSrtpEndpoint dtls;
    /** Remote addresses that passed a connectivity check: the only ones media is taken from (bounded). */
    private final java.util.Set<InetSocketAddress> valid = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int MAX_VALID = 16;
    private volatile InetSocketAddress selected;
    private volatile boolean nominated;
    private volatile long lastCheckNanos;
    private volatile SrtpSession inbound;
    private volatile SrtpSession outbound;
    private volatile boolean stopped;
    private boolean dtlsStarted;

    SecureLeg(RelayedCall call, DatagramChannel socket, int maxSsrcs, String ufrag, String pwd) {
        this.call = call;
        this.socket = socket;
        this.counters = new LegCounters(maxSsrcs);
        this.ufrag = ufrag;
        this.pwd = pwd;
    }

    void start(SecureRemote remote, DtlsIdentity identity, MediaSettings settings, String label) {
        dtls = new DtlsSrtpEndpoint(label, identity, remote.localRole(), remote.fingerprint(), this::sendDtls,
                settings.dtlsHandshakeTimeout());
        responder = new LiteResponder(ufrag, remote.iceUfrag(), pwd);
    }

    void onDatagram(ByteBuffer buffer, int length, InetSocketAddress source) {
        byte[] data = buffer.array();
        switch (PacketKind.of(data, length)) {
            case STUN -> check(data, length, source);
            case DTLS -> {
                if (!valid.contains(source) || !dtls.offer(data, 0, length)) {
                    counters.rejected();
                }
            }
            case RTP -> media(buffer, length, source, false);
            case RTCP -> media(buffer, length, source, true);
            case OTHER -> counters.rejected();
        }
    }

    private void check(byte[] data, int length, InetSocketAddress source) {
        LiteResponder r = responder;
        if (r == null) {
            counters.rejected(); // not started: we have no remote credentials to check against
            return;
        }
        switch (r.handle(data, length, source)) {
            case CheckOutcome.Answer a -> {
                send(ByteBuffer.wrap(a.response()), source);
                validated(source, a.nominated());
            }
            case CheckOutcome.Refuse refuse -> {
                counters.rejected();
                send(ByteBuffer.wrap(refuse.response()), source);
            }
            case CheckOutcome.Drop drop -> counters.rejected();
        }
    }

    /** A valid check: select the pair (a nomination sticks), refresh consent (RFC 7675), start DTLS once. */
    private void validated(InetSocketAddress source, boolean nominating) {
        if (valid.size() < MAX_VALID) {
            valid.add(source);
        }
        if (nominating || !nominated) {
            selected = source;
            nominated |= nominating;
        }
        if (source.equals(selected)) {
            lastCheckNanos = System.nanoTime();
        }
        if (!dtlsStarted) { // the first valid check gives DTLS its peer; only this loop gets here
            dtlsStarted = true;
            dtls.start().thenAccept(this::dtlsDone);
            dtls.ended().thenAccept(why -> {
                if (outbound != null) {
                    call.secureFailed(LegEvent.Cause.CLOSED, why); // the established association ended
                }
            });
        }
    }

    private void dtlsDone(DtlsOutcome outcome) {
        switch (outcome) {
            case DtlsOutcome.Established e -> {
                inbound = e.keying().inbound(call.maxSsrcs());
                outbound = e.keying().outbound(call.maxSsrcs());
                call.secureConnected();
            }
            case DtlsOutcome.Failed f -> call.secureFailed(LegEvent.Cause.DTLS, f.reason());
        }
    }

    private void media(ByteBuffer buffer, int length, InetSocketAddress source, boolean rtcp) {
        SrtpSession in = inbound;
        if (in == null || stopped || !valid.contains(source)) {
            counters.rejected(); // RFC 5764 §5.1.2 / issue 11: media only after DTLS, only from the validated peer
            return;
        }
        byte[] data = buffer.array();
        int plain = rtcp ? in.unprotectRtcp(data, length, data) : in.unprotectRtp(data, length, data);
        if (plain < 0) {
            counters.rejected(); // refused packets leave the buffer as they came (SrtpSession's contract)
            return;
        }
        if (rtcp) {
            counters.received(length);
        } else {
            counters.receivedRtp(data, length, System.nanoTime());
        }
        call.toPlain(buffer, plain, rtcp);
    }

    /**
     * From the plain leg's loop: protect in place in {@code buffer} (that loop's, with room for the tag) and send
     * to the selected pair, if DTLS is done and consent holds.
     */
    void forward(ByteBuffer buffer, int length, boolean rtcp) {
        SrtpSession out = outbound;
        InetSocketAddress to = selected;
        if (out == null || stopped || to == null) {
            return;
        }
        byte[] data = buffer.array();
        int srtp = rtcp ? out.protectRtcp(data, length, data) : out.protectRtp(data, length, data);
        if (srtp < 0) {
            return;
        }
        buffer.clear().limit(srtp);
        send(buffer, to);
        counters.sent(srtp);
    }

    private void sendDtls(byte[] data, int offset, int length) throws IOException {
        InetSocketAddress to = selected;
        if (to != null && socket.isOpen()) {
            socket.send(ByteBuffer.wrap(data, offset, length), to);
        }
    }

    private void send(ByteBuffer datagram, InetSocketAddress to) {
        try {
            socket.send(datagram, to);
        } catch (IOException e) {
            // UDP: a send that fails (ICMP unreachable reported late, socket closing) is a lost packet
        }
    }

    boolean started() {
        return responder != null;
    }

    boolean connected() {
        return outbound != null;
    }

    boolean checked() {
        return selected != null;
    }

    long lastCheckNanos() {
        return lastCheckNanos;
    }

    /** Consent lost or the call ends: nothing more is sent or forwarded (RFC 7675 §5.1). */
    void stop() {
        stopped = true;
    }

    void close() {
        stopped = true;
        DtlsSrtpEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
    }

    LegCounters counters() {
        return counters;
    }
}

package org.parloir.bridge.media.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.parloir.bridge.media.BridgedMedia;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.bridge.media.MediaSettings;
import org.parloir.bridge.media.SecureLocal;
import org.parloir.bridge.media.SecureRemote;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.media.dtls.DtlsOutcome;
import org.parloir.bridge.media.dtls.DtlsSrtpEndpoint;
import org.parloir.bridge.media.dtls.SetupRole;
import org.parloir.bridge.media.srtp.SrtpSession;

/**
 * One call through a {@link MediaRelay} of its own on loopback, connected (ICE check, DTLS with the relay
 * {@code active}), then left to the caller: a blocking client port on each side, the client's outbound SRTP
 * session, and sends and receives of one 172-byte G.711 packet that allocate nothing themselves (direct buffers,
 * a reused array). For RelayedPacketBenchmark and RelayAllocationIT. One thread uses it after {@link #open}.
 */
final class LoopbackCall implements AutoCloseable {

    static final int RTP = 172;

    private final MediaRelay relay;
    private final BridgedMedia media;
    private final DtlsSrtpEndpoint dtls;
    private final DatagramChannel secure;
    private final DatagramChannel plain;
    private final InetSocketAddress relaySecure;
    private final InetSocketAddress relayPlain;
    private final SrtpSession outbound;
    private final byte[] packet = new byte[RTP];
    private final byte[] srtp = new byte[2048];
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
    private int phoneSeq;
    private int clientSeq;

    private LoopbackCall(MediaRelay relay, BridgedMedia media, DtlsSrtpEndpoint dtls, DatagramChannel secure,
            DatagramChannel plain, SrtpSession outbound) {
        this.relay = relay;
        this.media = media;
        this.dtls = dtls;
        this.secure = secure;
        this.plain = plain;
        this.relaySecure = media.secureLocal().candidate();
        this.relayPlain = media.plainLocal();
        this.outbound = outbound;
    }

    /** A relay on ports {@code portMin}–{@code portMax} of loopback and one call through it, DTLS done. */
    static LoopbackCall open(int portMin, int portMax) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        MediaRelay relay = new MediaRelay(new MediaSettings(loopback, null, portMin, portMax, Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofSeconds(20), 4), DtlsIdentity.generate());
        DatagramChannel secure = channel(loopback);
        DatagramChannel plain = channel(loopback);
        String ufrag = IceClient.random(8);
        String pwd = IceClient.random(24);
        DtlsIdentity client = DtlsIdentity.generate();
        BridgedMedia media = relay.open("loopback", event -> { });
        media.startSecure(new SecureRemote(ufrag, pwd, List.of((InetSocketAddress) secure.getLocalAddress()),
                client.fingerprint(), SetupRole.ACTIVE));
        media.startPlain((InetSocketAddress) plain.getLocalAddress(), Map.of(0, 8));
        SecureLocal local = media.secureLocal();
        DtlsSrtpEndpoint dtls = new DtlsSrtpEndpoint("loopback-client", client, SetupRole.PASSIVE,
                local.fingerprint(), (data, off, len) -> secure.send(ByteBuffer.wrap(data, off, len),
                        local.candidate()), Duration.ofSeconds(20));
        CompletableFuture<DtlsOutcome> done = dtls.start();
        connect(secure, new IceClient(ufrag, pwd), local, dtls, done);
        SrtpSession outbound = ((DtlsOutcome.Established) done.get()).keying().outbound(4);
        secure.configureBlocking(true);
        plain.configureBlocking(true);
        return new LoopbackCall(relay, media, dtls, secure, plain, outbound);
    }

    /** ICE and DTLS on the client's port until the handshake is over. */
    private static void connect(DatagramChannel secure, IceClient ice, SecureLocal local, DtlsSrtpEndpoint dtls,
            CompletableFuture<DtlsOutcome> done) throws IOException {
        byte[] buf = new byte[2048];
        try (Selector selector = Selector.open()) {
            secure.register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long nextCheck = 0;
            while (!done.isDone()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("no DTLS within 20 s");
                }
                if (System.nanoTime() > nextCheck) {
                    secure.send(ByteBuffer.wrap(ice.check(local.iceUfrag(), local.icePwd())), local.candidate());
                    nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                }
                selector.select(50);
                ByteBuffer b = ByteBuffer.wrap(buf);
                InetSocketAddress from;
                while ((from = (InetSocketAddress) secure.receive(b)) != null) {
                    int first = buf[0] & 0xFF;
                    if (first <= 3) {
                        ice.receive(buf, b.position(), from);
                    } else if (first >= 20 && first <= 63) {
                        dtls.offer(buf, 0, b.position());
                    }
                    b.clear();
                }
            }
        }
    }

    private static DatagramChannel channel(InetAddress loopback) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress(loopback, 0));
        c.configureBlocking(false);
        return c;
    }

    /** Phone → browser: plain RTP (payload type 8) in, what the relay sends the browser back; its length. */
    int plainToSecure() throws IOException {
        rtp(8, phoneSeq++);
        out.clear();
        out.put(packet).flip();
        plain.send(out, relayPlain);
        in.clear();
        secure.receive(in);
        return in.position();
    }

    /** Browser → phone: SRTP in (protected here), the plain RTP the relay sends the phone back; its length. */
    int secureToPlain() throws IOException {
        rtp(0, clientSeq++);
        int n = outbound.protectRtp(packet, RTP, srtp);
        out.clear();
        out.put(srtp, 0, n).flip();
        secure.send(out, relaySecure);
        in.clear();
        plain.receive(in);
        return in.position();
    }

    /** The payload type of the last packet received (its second byte, marker masked). */
    int lastPayloadType() {
        return in.get(1) & 0x7F;
    }

    private void rtp(int payloadType, int seq) {
        packet[0] = (byte) 0x80;
        packet[1] = (byte) payloadType;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[11] = 0x2a;
        for (int i = 12; i < RTP; i++) {
            packet[i] = (byte) 0xd5;
        }
    }

    @Override
    public void close() throws IOException {
        dtls.close();
        media.close();
        relay.close();
        secure.close();
        plain.close();
    }
}

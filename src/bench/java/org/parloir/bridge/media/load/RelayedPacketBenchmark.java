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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
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
 * One packet through a real {@link MediaRelay} on loopback, receive path included: the relay's socket, its
 * receive thread, the leg's checks and counters, SRTP, the send; the benchmark thread sends a 172-byte G.711
 * packet and blocks until the relay's output arrives. One packet in flight, so the score is a round trip through
 * the kernel twice and a thread hand-off, not the relay's capacity; what it is for is {@code -prof gc}: the
 * {@code gc.alloc.rate.norm} of all threads per relayed packet. The client's own share is small and known:
 * browser → phone protects each packet here (into a reused array: nothing; before {@code SrtpSession}'s
 * {@code int} forms, about 620 bytes, see {@code MediaHotPathBenchmark.plainToSecureCrypto}), phone → browser
 * does no crypto on the client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RelayedPacketBenchmark {

    private static final int RTP = 172;

    private MediaRelay relay;
    private BridgedMedia media;
    private DtlsSrtpEndpoint dtls;
    private DatagramChannel secure;
    private DatagramChannel plain;
    private InetSocketAddress relaySecure;
    private InetSocketAddress relayPlain;
    private SrtpSession outbound;
    private final byte[] packet = new byte[RTP];
    private final byte[] srtp = new byte[2048];
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
    private int phoneSeq;
    private int clientSeq;

    @Setup
    public void setUp() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        relay = new MediaRelay(new MediaSettings(loopback, null, 28000, 28099, Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofSeconds(20), 4), DtlsIdentity.generate());
        secure = open(loopback);
        plain = open(loopback);
        String ufrag = IceClient.random(8);
        String pwd = IceClient.random(24);
        DtlsIdentity client = DtlsIdentity.generate();
        media = relay.open("bench", event -> { });
        media.startSecure(new SecureRemote(ufrag, pwd, List.of((InetSocketAddress) secure.getLocalAddress()),
                client.fingerprint(), SetupRole.ACTIVE));
        media.startPlain((InetSocketAddress) plain.getLocalAddress(), Map.of(0, 8));
        SecureLocal local = media.secureLocal();
        relaySecure = local.candidate();
        relayPlain = media.plainLocal();
        dtls = new DtlsSrtpEndpoint("bench-client", client, SetupRole.PASSIVE, local.fingerprint(),
                (data, off, len) -> secure.send(ByteBuffer.wrap(data, off, len), relaySecure), Duration.ofSeconds(20));
        CompletableFuture<DtlsOutcome> done = dtls.start();
        connect(new IceClient(ufrag, pwd), local, done);
        outbound = ((DtlsOutcome.Established) done.get()).keying().outbound(4);
        secure.configureBlocking(true);
        plain.configureBlocking(true);
    }

    /** ICE and DTLS on the client's port until the handshake is over; then the port is the benchmark's. */
    private void connect(IceClient ice, SecureLocal local, CompletableFuture<DtlsOutcome> done) throws IOException {
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
                    secure.send(ByteBuffer.wrap(ice.check(local.iceUfrag(), local.icePwd())), relaySecure);
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

    private static DatagramChannel open(InetAddress loopback) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress(loopback, 0));
        c.configureBlocking(false);
        return c;
    }

    @TearDown
    public void tearDown() throws IOException {
        dtls.close();
        media.close();
        relay.close();
        secure.close();
        plain.close();
    }

    /** Phone → browser: plain RTP in, the relay renumbers and protects, SRTP out. */
    @Benchmark
    public int plainToSecure() throws IOException {
        rtp(8, phoneSeq++);
        out.clear();
        out.put(packet).flip();
        plain.send(out, relayPlain);
        in.clear();
        secure.receive(in);
        return in.position();
    }

    /** Browser → phone: SRTP in (protected here), the relay unprotects and renumbers, plain RTP out. */
    @Benchmark
    public int secureToPlain() throws IOException {
        rtp(0, clientSeq++);
        int n = outbound.protectRtp(packet, RTP, srtp);
        out.clear();
        out.put(srtp, 0, n).flip();
        secure.send(out, relaySecure);
        in.clear();
        plain.receive(in);
        return in.position();
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
}

package org.parloir.bridge.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.parloir.bridge.media.srtp.SrtpProfile;
import org.parloir.bridge.media.srtp.SrtpSession;

/**
 * The per-packet work of the media relay on a 20 ms G.711 packet (12-byte header, 160 bytes of audio), each way:
 * browser → phone is SRTP unprotect (AES-CM + HMAC-SHA1-80 check), payload type renumbering, loss accounting and
 * the UDP send; phone → browser is renumbering, protect and the send. The {@code *Crypto} variants leave the send
 * out, to split CPU between our code and the kernel. As the relay does it: into one reused array per direction,
 * sent from a {@link DatagramChannel} through one reused {@link ByteBuffer} over that array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MediaHotPathBenchmark {

    /** One ROC cycle of browser packets, protected in advance: a receiver refuses replays, so each is used once. */
    private static final int CYCLE = 1 << 16;

    private byte[] key;
    private byte[] salt;
    private byte[][] fromBrowser;
    private SrtpSession inbound;
    private SrtpSession outbound;
    private PayloadTypes payloadTypes;
    private LegCounters counters;
    private byte[] fromPhone;
    private int next;
    private int phoneSeq;
    private final byte[] plainOut = new byte[2048];
    private final byte[] srtpOut = new byte[2048];
    private final ByteBuffer plainBuffer = ByteBuffer.wrap(plainOut);
    private final ByteBuffer srtpBuffer = ByteBuffer.wrap(srtpOut);
    private DatagramChannel socket;
    private DatagramChannel sink;
    private InetSocketAddress sinkAddress;

    @Setup
    public void setUp() throws IOException {
        SecureRandom random = new SecureRandom();
        key = new byte[SrtpProfile.MASTER_KEY_LENGTH];
        salt = new byte[SrtpProfile.MASTER_SALT_LENGTH];
        random.nextBytes(key);
        random.nextBytes(salt);
        SrtpSession browser = session();
        fromBrowser = new byte[CYCLE][];
        for (int seq = 0; seq < CYCLE; seq++) {
            fromBrowser[seq] = browser.protectRtp(rtp(0, seq), 172).orElseThrow();
        }
        inbound = session();
        outbound = session();
        payloadTypes = new PayloadTypes(Map.of(0, 8, 111, 96));
        counters = new LegCounters(4);
        fromPhone = rtp(8, 0);
        socket = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sink = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sinkAddress = (InetSocketAddress) sink.getLocalAddress(); // never read: the kernel drops the excess
    }

    @TearDown
    public void tearDown() throws IOException {
        socket.close();
        sink.close();
    }

    /** Browser → phone without the send: unprotect, renumber, count. */
    @Benchmark
    public int secureToPlainCrypto() {
        int n = unprotect();
        payloadTypes.toPlain(plainOut);
        counters.receivedRtp(plainOut, n, 1);
        return n;
    }

    /** Browser → phone as the relay does it, with the UDP send. */
    @Benchmark
    public int secureToPlain() throws IOException {
        int n = secureToPlainCrypto();
        plainBuffer.clear().limit(n);
        return socket.send(plainBuffer, sinkAddress);
    }

    /** Phone → browser without the send: renumber, protect. */
    @Benchmark
    public int plainToSecureCrypto() {
        phoneSeq++;
        fromPhone[1] = 8;
        fromPhone[2] = (byte) (phoneSeq >>> 8);
        fromPhone[3] = (byte) phoneSeq;
        payloadTypes.toSecure(fromPhone);
        return outbound.protectRtp(fromPhone, fromPhone.length, srtpOut);
    }

    /** Phone → browser as the relay does it, with the UDP send. */
    @Benchmark
    public int plainToSecure() throws IOException {
        int n = plainToSecureCrypto();
        srtpBuffer.clear().limit(n);
        return socket.send(srtpBuffer, sinkAddress);
    }

    private int unprotect() {
        if (next == CYCLE) {
            next = 0;
            inbound = session(); // a new receiver for the next pass over the same packets (1 in 65536 calls)
        }
        byte[] srtp = fromBrowser[next++];
        return inbound.unprotectRtp(srtp, srtp.length, plainOut);
    }

    private SrtpSession session() {
        return new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, key, salt, 4);
    }

    private static byte[] rtp(int payloadType, int seq) {
        byte[] p = new byte[172];
        p[0] = (byte) 0x80;
        p[1] = (byte) payloadType;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[11] = 0x2a;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) 0xd5; // G.711 A-law silence
        }
        return p;
    }
}

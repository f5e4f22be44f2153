package org.parloir.bridge.media.load;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One packet through a real {@code MediaRelay} on loopback, receive path included: the relay's socket, its
 * receive thread, the leg's checks and counters, SRTP, the send; the benchmark thread sends a 172-byte G.711
 * packet and blocks until the relay's output arrives ({@link LoopbackCall}). One packet in flight, so the score is
 * a round trip through the kernel twice and the thread hand-offs, not the relay's capacity; what it is for is
 * {@code -prof gc}: the {@code gc.alloc.rate.norm} of all threads per relayed packet. The client's own share is
 * nothing now (it protects into a reused array; before {@code SrtpSession}'s {@code int} forms, about 620 bytes
 * browser → phone, see {@code MediaHotPathBenchmark.plainToSecureCrypto}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RelayedPacketBenchmark {

    private LoopbackCall call;

    @Setup
    public void setUp() throws Exception {
        call = LoopbackCall.open(28000, 28099);
    }

    @TearDown
    public void tearDown() throws IOException {
        call.close();
    }

    /** Phone → browser: plain RTP in, the relay renumbers and protects, SRTP out. */
    @Benchmark
    public int plainToSecure() throws IOException {
        return call.plainToSecure();
    }

    /** Browser → phone: SRTP in (protected here), the relay unprotects and renumbers, plain RTP out. */
    @Benchmark
    public int secureToPlain() throws IOException {
        return call.secureToPlain();
    }
}

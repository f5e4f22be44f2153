package org.parloir.bridge.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.media.srtp.SrtpSession;

/**
 * Two endpoints wired to each other in memory (no sockets): the handshake in both roles gives both sides the same
 * keying material, so what one protects the other unprotects, and a close_notify ends the other's association; a
 * fingerprint that is not the peer's fails both.
 */
class DtlsSrtpEndpointTest {

    private static final DtlsIdentity A = DtlsIdentity.generate();
    private static final DtlsIdentity B = DtlsIdentity.generate();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void bothEndsExportTheSameKeysAndProtectForEachOther() throws Exception {
        DtlsSrtpEndpoint[] ends = pair(B.fingerprint(), A.fingerprint());
        try (DtlsSrtpEndpoint client = ends[0]; DtlsSrtpEndpoint server = ends[1]) {
            var serverDone = server.start();
            DtlsOutcome c = client.start().get(20, TimeUnit.SECONDS);
            DtlsOutcome s = serverDone.get(20, TimeUnit.SECONDS);
            assertThat(c).isInstanceOf(DtlsOutcome.Established.class);
            assertThat(s).isInstanceOf(DtlsOutcome.Established.class);
            DtlsKeying ck = ((DtlsOutcome.Established) c).keying();
            DtlsKeying sk = ((DtlsOutcome.Established) s).keying();
            assertThat(ck.material()).isEqualTo(sk.material());
            assertThat(ck.localIsClient()).isTrue();
            assertThat(sk.localIsClient()).isFalse();
            byte[] rtp = {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 42, 1, 2, 3, 4};
            SrtpSession toServer = ck.outbound(4);
            byte[] srtp = toServer.protectRtp(rtp, rtp.length).orElseThrow();
            assertThat(sk.inbound(4).unprotectRtp(srtp, srtp.length)).hasValueSatisfying(p -> assertThat(p)
                    .isEqualTo(rtp));
            assertThat(ck.inbound(4).unprotectRtp(srtp, srtp.length)).as("not our own direction's key").isEmpty();
            client.close(); // close_notify: bctls tells the server through notifyConnectionClosed
            assertThat(server.ended().get(10, TimeUnit.SECONDS)).isEqualTo("the peer closed the DTLS association");
            assertThat(client.ended().get(10, TimeUnit.SECONDS)).isEqualTo("closed");
        }
    }

    @Test
    void aFingerprintThatIsNotThePeersFailsTheHandshake() throws Exception {
        Fingerprint someoneElse = DtlsIdentity.generate().fingerprint();
        DtlsSrtpEndpoint[] ends = pair(someoneElse, A.fingerprint());
        try (DtlsSrtpEndpoint client = ends[0]; DtlsSrtpEndpoint server = ends[1]) {
            server.start();
            DtlsOutcome c = client.start().get(20, TimeUnit.SECONDS);
            assertThat(c).isInstanceOfSatisfying(DtlsOutcome.Failed.class,
                    f -> assertThat(f.reason()).contains("does not match"));
            assertThat(server.start().get(20, TimeUnit.SECONDS)).isInstanceOf(DtlsOutcome.Failed.class);
        }
    }

    @Test
    void closingBeforeThePeerAnswersEndsItWithoutKeys() throws Exception {
        DtlsSrtpEndpoint lonely = new DtlsSrtpEndpoint("lonely", A, SetupRole.PASSIVE, B.fingerprint(),
                (d, o, l) -> { }, TIMEOUT);
        var started = lonely.start();
        lonely.close();
        assertThat(started.get(5, TimeUnit.SECONDS)).isInstanceOf(DtlsOutcome.Failed.class);
        assertThat(lonely.ended()).isDone();
    }

    /** [client with identity A expecting {@code serverPrint}, server with identity B expecting {@code clientPrint}]. */
    private static DtlsSrtpEndpoint[] pair(Fingerprint serverPrint, Fingerprint clientPrint) {
        DtlsSrtpEndpoint[] ends = new DtlsSrtpEndpoint[2];
        ends[0] = new DtlsSrtpEndpoint("client", A, SetupRole.ACTIVE, serverPrint,
                (d, o, l) -> ends[1].offer(d, o, l), TIMEOUT);
        ends[1] = new DtlsSrtpEndpoint("server", B, SetupRole.PASSIVE, clientPrint,
                (d, o, l) -> ends[0].offer(d, o, l), TIMEOUT);
        return ends;
    }
}

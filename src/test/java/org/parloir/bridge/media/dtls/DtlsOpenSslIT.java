package org.parloir.bridge.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.bridge.media.srtp.SrtpProfile;
import org.parloir.testing.FreePorts;
import org.parloir.testing.Programs;

/**
 * DTLS-SRTP against OpenSSL over real loopback UDP (RFC 5764): in both roles the handshake succeeds, SRTP is
 * negotiated with the profile OpenSSL offers, and the keying material we export is byte for byte the one OpenSSL
 * prints for {@code EXTRACTOR-dtls_srtp}; a fingerprint that is not OpenSSL's certificate's fails the handshake.
 */
class DtlsOpenSslIT {

    private static final DtlsIdentity OURS = DtlsIdentity.generate();

    @TempDir
    Path dir;
    private DatagramSocket socket;
    private final AtomicReference<SocketAddress> peer = new AtomicReference<>();
    private Fingerprint theirs;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(Programs.onPath("openssl")).as("openssl is a test dependency (.ci/run installs it)").isTrue();
        theirs = OpenSslDtls.makeCertificate(dir);
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void tearDown() {
        socket.close();
    }

    @Test
    void asThePassiveEndWeServeOpenSslsClientAndExportTheSameKeys() throws Exception {
        try (DtlsSrtpEndpoint ours = endpoint(SetupRole.PASSIVE, theirs);
                OpenSslDtls client = OpenSslDtls.client(dir, socket.getLocalPort(), "SRTP_AES128_CM_SHA1_80")) {
            pump(ours);
            DtlsOutcome outcome = ours.start().get(30, TimeUnit.SECONDS);
            assertThat(outcome).as(client.output()).isInstanceOf(DtlsOutcome.Established.class);
            DtlsKeying keying = ((DtlsOutcome.Established) outcome).keying();
            assertThat(keying.profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
            assertThat(keying.localIsClient()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.keyingMaterial().isPresent());
            assertThat(client.keyingMaterial()).hasValue(HexFormat.of().withUpperCase().formatHex(keying.material()));
        }
    }

    @Test
    void asTheActiveEndWeConnectToOpenSslsServerWithTheThirtyTwoBitProfile() throws Exception {
        try (OpenSslDtls server = listeningServer("SRTP_AES128_CM_SHA1_32")) {
            try (DtlsSrtpEndpoint ours = endpoint(SetupRole.ACTIVE, theirs)) {
                pump(ours);
                DtlsOutcome outcome = ours.start().get(30, TimeUnit.SECONDS);
                assertThat(outcome).as(server.output()).isInstanceOf(DtlsOutcome.Established.class);
                DtlsKeying keying = ((DtlsOutcome.Established) outcome).keying();
                assertThat(keying.profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_32);
                assertThat(keying.localIsClient()).isTrue();
                await().atMost(Duration.ofSeconds(20)).until(() -> server.keyingMaterial().isPresent());
                assertThat(server.keyingMaterial())
                        .hasValue(HexFormat.of().withUpperCase().formatHex(keying.material()));
            }
        }
    }

    @Test
    void aFingerprintThatIsNotOpenSslsCertificateFailsTheHandshake() throws Exception {
        Fingerprint wrong = DtlsIdentity.generate().fingerprint();
        try (OpenSslDtls server = listeningServer("SRTP_AES128_CM_SHA1_80")) {
            try (DtlsSrtpEndpoint ours = endpoint(SetupRole.ACTIVE, wrong)) {
                pump(ours);
                DtlsOutcome outcome = ours.start().get(30, TimeUnit.SECONDS);
                assertThat(outcome).isInstanceOfSatisfying(DtlsOutcome.Failed.class,
                        f -> assertThat(f.reason()).contains("does not match"));
                // our bad_certificate alert reaches OpenSSL, which reports the handshake as failed
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> server.output().toLowerCase().contains("bad certificate"));
            }
        }
    }

    /** s_server on a free port, once it listens; it is the peer. */
    private OpenSslDtls listeningServer(String profile) throws IOException {
        int port = FreePorts.udpAndTcp();
        OpenSslDtls server = OpenSslDtls.server(dir, port, profile);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.output().contains("ACCEPT"));
        peer.set(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return server;
    }

    private DtlsSrtpEndpoint endpoint(SetupRole role, Fingerprint expected) {
        return new DtlsSrtpEndpoint("openssl", OURS, role, expected, (d, o, l) -> {
            SocketAddress to = peer.get();
            if (to != null) {
                socket.send(new DatagramPacket(d, o, l, to));
            }
        }, Duration.ofSeconds(20));
    }

    /** The test's receive loop: the first sender becomes the peer (as an ICE check would make it), then DTLS only. */
    private void pump(DtlsSrtpEndpoint endpoint) {
        Thread.ofVirtual().name("openssl-pump").start(() -> {
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                while (!socket.isClosed()) {
                    socket.receive(p);
                    peer.compareAndSet(null, p.getSocketAddress());
                    if (p.getSocketAddress().equals(peer.get())) {
                        endpoint.offer(buf, 0, p.getLength());
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }
}

package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parloir.bridge.NumberCalls.GATEWAY_HZ;
import static org.parloir.bridge.NumberCalls.NUMBER;
import static org.parloir.bridge.NumberCalls.WAIT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parloir.testing.Baresip;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.TestCertificates;
import org.parloir.testing.Wav;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bridge end to end with a second, independent WebRTC stack (issue 11): the call of {@link BrowserToPhoneIT}
 * (XMPP → number, baresip as the PSTN gateway, on the same shared server) with aiortc in Chromium's place, held to
 * Dino's DTLS constraints (only {@code SRTP_AES128_CM_HMAC_SHA1_80}, only sha-256, a client certificate required
 * as server). The constraints are read from what went over the wire — the DTLS handshake messages aiortc sent and
 * received (the stack's {@code dtls.wire}) and the XEP-0320 fingerprints in the Jingle — not assumed from its
 * configuration.
 */
class AiortcToPhoneIT {

    private static final String CAROL = "carol.martin@example.org";
    private static final String DINO_PROFILE = "SRTP_AES128_CM_HMAC_SHA1_80";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final SharedServer SERVER = Profiles.xmppTwoDomains();
    @TempDir
    static Path dir;
    static BrowserPeer carol;

    @BeforeAll
    static void peers() throws Exception {
        BrowserPeer.requireInstalled(BrowserPeer.Stack.AIORTC);
        assertThat(Baresip.installed()).as("baresip is needed: apt-get install baresip").isTrue();
        Path ca = TestCertificates.toPem(SERVER.dataDir().resolve("tls-self-signed.p12"), "parloir", dir)[0];
        Path wav = dir.resolve("440.wav");
        Wav.writeTone(wav, 440, 48000, Duration.ofSeconds(20));
        carol = BrowserPeer.start(SERVER.server().c2sPort(), CAROL, "carol-secret", ca, wav, BrowserPeer.Stack.AIORTC);
        carol.subscribe(NUMBER);
        assertThat(carol.awaitAvailable(NUMBER)).isEqualTo(NUMBER + "/phone");
    }

    @AfterEach
    void idle() {
        carol.reset();
    }

    @AfterAll
    static void close() {
        if (carol != null) {
            assertThat(carol.bugs()).as("bugs the driver reported").isEmpty();
            carol.close();
        }
    }

    /**
     * To {@code actpass} the bridge answers active (RFC 5763 §5), so aiortc is the DTLS server and asks for the
     * bridge's certificate, as Dino does; offered {@code active}, the bridge is the server and asks for aiortc's.
     */
    @ParameterizedTest(name = "offer {0}: aiortc the DTLS {1}")
    @CsvSource({"none, server", "setup-active, client"})
    void aiortcUnderDinosConstraintsCallsANumberAndEachSideHearsTheOther(String offer, String role) throws Exception {
        try (Baresip gateway = NumberCalls.gateway(SERVER, dir)) {
            carol.tamper(offer);
            carol.call(NUMBER);
            carol.awaitProposed();
            gateway.awaitEvent("CALL_ESTABLISHED", WAIT);
            carol.awaitAccepted();
            carol.awaitActive();

            PeerStats stats = carol.awaitStats(PeerStats::hearsAudio);
            assertThat(stats.dtlsState()).as(stats.json()).isEqualTo("connected");
            assertThat(carol.awaitStats(s -> s.dominantHz() > 0).dominantHz()).as("the gateway's tone")
                    .isBetween(GATEWAY_HZ - 40, GATEWAY_HZ + 40);
            await().atMost(WAIT).ignoreExceptions().until(() -> Wav.toneLength(gateway.received().orElseThrow(),
                    440).toMillis() >= 2000);
            PeerStats now = carol.stats();
            // codecs as the SRTP packets' clear headers carried them, named by the negotiated rtpmap
            assertThat(now.inboundCodec()).as(now.json()).isIn("audio/PCMU", "audio/PCMA");
            assertThat(now.outboundCodec()).as(now.json()).isEqualTo(now.inboundCodec());
            dinosConstraintsHeld(JSON.readTree(now.json()), role);

            carol.hangup("success");
            gateway.awaitEvent("CALL_CLOSED", WAIT);
            assertThat(carol.awaitEnded()).isEqualTo("success");
        }
        NumberCalls.portsClosed(SERVER);
    }

    /** What the handshake carried: one SRTP profile, sha-256 only, each side's certificate its fingerprint's. */
    private static void dinosConstraintsHeld(JsonNode stats, String role) {
        JsonNode dtls = stats.path("dtls");
        String context = dtls.toString();
        assertThat(dtls.path("role").asString()).as(context).isEqualTo(role);
        assertThat(dtls.path("selectedSrtpProfile").asString()).as("OpenSSL's name of " + DINO_PROFILE)
                .isEqualTo("SRTP_AES128_CM_SHA1_80");
        assertThat(texts(dtls.path("localFingerprints"))).as("aiortc's SDP").containsExactly("sha-256");
        List<String> sent = texts(stats.path("fingerprintsSent"));
        List<String> received = texts(stats.path("fingerprintsReceived"));
        assertThat(sent).as("XEP-0320 fingerprints aiortc's driver sent").singleElement().asString()
                .startsWith("sha-256 ");
        assertThat(received).as("the bridge's XEP-0320 fingerprints").singleElement().asString()
                .startsWith("sha-256 ");

        String client = role.equals("client") ? "sent" : "received";
        String server = role.equals("client") ? "received" : "sent";
        assertThat(profiles(dtls, server, "ServerHello")).as("the profile the server chose: " + context)
                .containsExactly(DINO_PROFILE);
        if (role.equals("client")) {
            assertThat(profiles(dtls, client, "ClientHello")).as("aiortc offers Dino's profile alone: " + context)
                    .containsExactly(DINO_PROFILE);
        } else {
            assertThat(profiles(dtls, client, "ClientHello")).as("the bridge's offer: " + context)
                    .contains(DINO_PROFILE);
        }
        assertThat(messages(dtls, server, "CertificateRequest")).as("the DTLS server asks for the client's"
                + " certificate (RFC 5763 §5): " + context).isNotEmpty();
        // each side presented the certificate of the fingerprint it signalled, and the handshake went on
        assertThat(certificates(dtls, "sent")).as(context).contains(sent.getFirst().substring("sha-256 ".length()));
        assertThat(certificates(dtls, "received")).as(context)
                .contains(received.getFirst().substring("sha-256 ".length()));
    }

    @Test
    void theGatewaysHangUpEndsTheJingleSessionOfAiortc() throws Exception {
        NumberCalls.gatewayHangsUp(carol, SERVER, dir);
    }

    @Test
    void aiortcsCertificateThatIsNotTheOfferedFingerprintFailsTheCallAndNoAudioReachesTheGateway() throws Exception {
        try (Baresip gateway = NumberCalls.gateway(SERVER, dir)) {
            carol.tamper("wrong-fingerprint");
            carol.call(NUMBER);

            BrowserPeer.Ended ended = carol.awaitEnd();
            // the bridge (DTLS client to actpass) checks aiortc's certificate against the offer (RFC 8122 §5) and
            // ends the session, or aiortc sees the handshake fail first
            assertThat(ended.reason()).isIn("security-error", "connectivity-error");
            assertThat(gateway.received()).as("no audio reached the gateway").satisfiesAnyOf(
                    r -> assertThat(r).isEmpty(),
                    r -> assertThat(Wav.toneLength(r.get(), 440)).isZero());
        }
        NumberCalls.portsClosed(SERVER);
    }

    private static List<JsonNode> messages(JsonNode dtls, String direction, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : dtls.path("wire").path(direction)) {
            if (m.path("type").asString().equals(type)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The use_srtp profiles of every such message (all equal when a ClientHello was sent again). */
    private static List<String> profiles(JsonNode dtls, String direction, String type) {
        List<JsonNode> found = messages(dtls, direction, type);
        assertThat(found).as("a " + type + " " + direction + ": " + dtls).isNotEmpty();
        return found.stream().map(m -> texts(m.path("srtpProfiles"))).distinct()
                .reduce((a, b) -> { throw new AssertionError(type + "s differ: " + a + " " + b); }).orElseThrow();
    }

    /** The sha-256 of the end-entity certificate of each Certificate message (RFC 5246 §7.4.2: it comes first). */
    private static List<String> certificates(JsonNode dtls, String direction) {
        return messages(dtls, direction, "Certificate").stream().map(m -> m.path("sha256").path(0).asString())
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}

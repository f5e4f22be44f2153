package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.TestCertificates;

/**
 * Two browsers call each other through Parloir as two Conversations would: Chromium's WebRTC (a stack we did not
 * write) driven by {@link BrowserPeer}, XEP-0353 and Jingle carried by Parloir's c2s and router, media
 * peer-to-peer on loopback (DTLS-SRTP). Alice trickles her candidates in transport-info, Bob puts his in the
 * session-accept: both ways of XEP-0176 are exercised.
 */
class BrowserCallIT {

    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";

    @RegisterExtension
    static final SharedServer SERVER = Profiles.xmppTwoDomains();
    @TempDir
    static Path dir;
    static BrowserPeer alice;
    static BrowserPeer bob;

    @BeforeAll
    static void peers() throws Exception {
        BrowserPeer.requireInstalled();
        alice = BrowserPeer.start(SERVER.server(), ALICE, "alice-secret", dir, 440);
        bob = BrowserPeer.start(SERVER.server(), BOB, "bob-secret", dir, 440);
        // mutual subscription (RFC 6121 §3): Bob's peer accepts and asks back, so each sees the other's caps
        alice.subscribe(BOB);
        alice.awaitAvailable(BOB);
        bob.awaitAvailable(ALICE);
    }

    @AfterEach
    void idle() {
        alice.reset();
        bob.reset();
        assertThat(alice.bugs()).isEmpty();
        assertThat(bob.bugs()).isEmpty();
    }

    @AfterAll
    static void close() {
        Stream.of(alice, bob).filter(Objects::nonNull).forEach(BrowserPeer::close);
    }

    @Test
    void aliceCallsBobWithJingleMessageInitiationAudioFlowsBothWaysAndHerHangupEndsItForBob() {
        alice.trickle(true);
        bob.trickle(false);
        alice.call(BOB);
        String sid = alice.awaitProposed();
        BrowserPeer.Incoming incoming = bob.awaitIncoming();
        assertThat(incoming.from()).isEqualTo(alice.jid());
        assertThat(incoming.sid()).isEqualTo(sid);
        alice.awaitRinging();

        bob.answer();
        alice.awaitAccepted();
        bob.awaitAccepted();
        alice.awaitActive();
        bob.awaitActive();

        audioFlowsBothWays();
        // telephone-event went through the Jingle offer and answer: Chromium has a DTMF sender and plays the tones
        alice.dtmf("1#");
        bob.dtmf("9");
        // XEP-0176 both ways: Alice trickled hers in transport-info, Bob put his in the session-accept
        PeerStats.Signalling trickled = alice.stats().signalling();
        PeerStats.Signalling bulk = bob.stats().signalling();
        assertThat(trickled.transportInfoSent()).isPositive();
        assertThat(trickled.remoteCandidatesSignalled()).as("candidates in Bob's session-accept").isPositive();
        assertThat(bulk.transportInfoReceived()).isEqualTo(trickled.transportInfoSent());
        assertThat(bulk.transportInfoSent()).isZero();
        assertThat(bulk.candidatesSignalled()).isPositive();

        alice.hangup("success");
        assertThat(bob.awaitEnded()).isEqualTo("success");
        assertThat(alice.awaitEnded()).isEqualTo("success");
    }

    @Test
    void aCallToAFullJidIsASessionInitiateWithoutProposalRungBySessionInfo() {
        alice.trickle(false);
        bob.trickle(true);
        // G.711 as a telephone gateway would have it (RFC 7874: every WebRTC endpoint has PCMA and PCMU)
        alice.codecs("PCMA", "telephone-event");
        alice.call(bob.jid());
        BrowserPeer.Incoming incoming = bob.awaitIncoming();
        assertThat(incoming.from()).isEqualTo(alice.jid());
        alice.awaitRinging();

        bob.answer();
        alice.awaitActive();
        bob.awaitActive();
        audioFlowsBothWays();
        assertThat(List.of(alice.stats().inboundCodec(), bob.stats().inboundCodec())).containsOnly("audio/PCMA");
        assertThat(alice.stats().signalling().transportInfoReceived()).as("Bob trickled").isPositive();
        assertThat(bob.stats().signalling().remoteCandidatesSignalled()).as("candidates in Alice's initiate")
                .isPositive();

        bob.hangup("success");
        assertThat(alice.awaitEnded()).isEqualTo("success");
        assertThat(bob.awaitEnded()).isEqualTo("success");
    }

    @Test
    void thePeerProposesOnlyToAContactWhoseCapsAdvertiseJingleAudio() {
        // carol.martin is on nobody's roster: no presence, no caps, nothing to call (as Conversations shows no button)
        assertThatThrownBy(() -> alice.call("carol.martin@example.org")).hasMessageContaining("advertises");
    }

    @Test
    void anOfferWithoutDtlsFingerprintIsRefusedWithSecurityError() {
        // Bob refuses the session-initiate: there would be no key to trust for SRTP (XEP-0320)
        List<BrowserPeer.Ended> ends = tamperedCall(alice, "no-fingerprint");
        assertThat(ends).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo("security-error");
            assertThat(e.text()).isEqualTo("no DTLS fingerprint in the session-initiate");
        });
    }

    @Test
    void aFingerprintThatIsNotTheCertificatesFailsTheHandshakeAndEndsTheCall() {
        List<BrowserPeer.Ended> ends = tamperedCall(bob, "wrong-fingerprint");
        // Alice checks Bob's certificate against the fingerprint of his session-accept (RFC 8122 §5). Bob may
        // have finished his side of the handshake: he sees her alert, her terminate, or the media stop first.
        assertThat(ends.get(0)).isEqualTo(new BrowserPeer.Ended("security-error", "DTLS handshake failed"));
        assertThat(ends.get(1).reason()).isIn("security-error", "connectivity-error");
    }

    /** Alice calls Bob, Bob answers, {@code tamperer} breaks its description: how it ended for Alice and Bob. */
    private static List<BrowserPeer.Ended> tamperedCall(BrowserPeer tamperer, String what) {
        tamperer.tamper(what);
        alice.call(BOB);
        bob.awaitIncoming();

        bob.answer();

        return List.of(alice.awaitEnd(), bob.awaitEnd());
    }

    @Test
    void aliceHangingUpBeforeBobAnswersRetractsTheProposal() {
        alice.call(BOB);
        alice.awaitProposed();
        bob.awaitIncoming();
        alice.awaitRinging();

        alice.hangup("success");

        // XEP-0353 §3.3 retract, with the reason a caller who gives up sends
        assertThat(bob.awaitEnded()).isEqualTo("cancel");
        assertThat(alice.awaitEnded()).isEqualTo("cancel");
    }

    @Test
    void bobDeclinesAndAliceSeesTheCallEndWithHisReason() {
        alice.call(BOB);
        alice.awaitProposed();
        bob.awaitIncoming();

        bob.reject("decline");

        alice.awaitRinging();
        assertThat(alice.awaitEnded()).isEqualTo("decline");
        assertThat(bob.awaitEnded()).isEqualTo("decline");
    }

    /** Each side decodes the other's 440 Hz tone from DTLS-SRTP packets (getStats and a WebAudio analyser). */
    private static void audioFlowsBothWays() {
        for (BrowserPeer peer : List.of(alice, bob)) {
            PeerStats stats = peer.awaitStats(PeerStats::hearsAudio);
            assertThat(stats.dtlsState()).as(peer.bareJid() + " " + stats.json()).isEqualTo("connected");
            assertThat(stats.packetsSent()).as(stats.json()).isPositive();
            assertThat(peer.awaitStats(s -> s.dominantHz() > 0).dominantHz()).as("the 440 Hz tone of the other")
                    .isBetween(420, 460);
        }
    }

    @Test
    void aPeerVerifiesTheServerCertificateOfStarttls() throws Exception {
        Path other = TestCertificates.selfSignedPkcs12ForDomain(dir.resolve("other.p12"), "changeit", "example.org");
        Path otherCa = Files.createDirectories(dir.resolve("other"));

        assertThatThrownBy(() -> BrowserPeer.start(SERVER.server().c2sPort(), "carol.martin@example.org",
                "carol-secret", TestCertificates.toPem(other, "changeit", otherCa)[0], dir.resolve("440Hz.wav")))
                .hasMessageContaining("error login").hasMessageContaining("certificate");
    }

    @Test
    void closingAPeerEndsNodeChromiumAndEveryProcessChromiumStarted() throws Exception {
        BrowserPeer carol = BrowserPeer.start(SERVER.server(), "carol.martin@example.org", "carol-secret", dir, 440);
        List<ProcessHandle> processes = carol.processes();
        assertThat(processes).anyMatch(p -> p.info().command().orElse("").contains("chromium"));

        carol.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
    }
}

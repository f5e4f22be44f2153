package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.b2bua.B2bua;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.FreePorts;
import org.parloir.testing.Baresip;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.Sipp;
import org.parloir.testing.Wav;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIP → XMPP through the bridge (issue 11): a SIP phone (baresip, registered as bob, sending a 1 kHz tone and
 * recording what it hears) dials {@code sip:alice@example.org}, and alice is online only in a browser (Chromium's
 * WebRTC through {@link BrowserPeer}, XEP-0115 caps advertising Jingle RTP audio). The bridge proposes the call
 * (XEP-0353) from bob's address on the gateway, the browser proceeds, the bridge sends the session-initiate
 * (DTLS actpass, ICE-lite) and answers the SIP phone with its relay once the browser accepts. Each side must hear
 * the other's tone.
 */
class PhoneToBrowserIT {

    private static final String ALICE = "alice@example.org";
    private static final int PHONE_HZ = 1000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SharedServer SERVER = Profiles.xmppTwoDomains();
    @TempDir
    static Path dir;
    static BrowserPeer alice;

    @BeforeAll
    static void peers() throws Exception {
        BrowserPeer.requireInstalled();
        assertThat(Baresip.installed()).as("baresip is needed: apt-get install baresip").isTrue();
        alice = BrowserPeer.start(SERVER.server(), ALICE, "alice-secret", dir.resolve("alice"), 440);
        assertThat(SERVER.bean(LocationService.class).lookup(ALICE)).as("alice has no SIP device").isEmpty();
    }

    @AfterEach
    void idle() {
        alice.reset();
        await().atMost(WAIT).until(() -> SERVER.bean(MediaRelay.class).openCount() == 0
                && SERVER.bean(B2bua.class).activeCalls() == 0);
    }

    @AfterAll
    static void close() {
        if (alice != null) {
            alice.close();
        }
    }

    /** bob's SIP phone, registered through our proxy. */
    private static Baresip bob() throws Exception {
        Baresip phone = Baresip.start(dir.resolve("bob-" + System.nanoTime()), Baresip.Account.registered(
                "sip:bob@example.org", "bob-secret", SERVER.server().sipHostPort()), PHONE_HZ);
        await().atMost(WAIT).until(phone::registered);
        return phone;
    }

    @Test
    void aSipPhoneCallsAPersonOnlineOnlyInABrowserAndEachHearsTheOther() throws Exception {
        try (Baresip bob = bob()) {
            Instant dialled = Instant.now();
            bob.dial("sip:" + ALICE);
            BrowserPeer.Incoming incoming = alice.awaitIncoming();
            assertThat(incoming.from()).as("the caller, callable back")
                    .isEqualTo("bob\\40example.org@phone.example.org/phone");
            bob.awaitEvent("CALL_RINGING", WAIT);
            alice.answer();
            alice.awaitAccepted();
            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            alice.awaitActive();

            PeerStats stats = alice.awaitStats(PeerStats::hearsAudio);
            assertThat(stats.dtlsState()).as(stats.json()).isEqualTo("connected");
            assertThat(alice.stats().inboundCodec()).isIn("audio/PCMU", "audio/PCMA");
            assertThat(alice.awaitStats(s -> s.dominantHz() > 0).dominantHz()).as("the phone's tone")
                    .isBetween(PHONE_HZ - 40, PHONE_HZ + 40);
            await().atMost(WAIT).ignoreExceptions().until(() -> Wav.toneLength(bob.received().orElseThrow(),
                    440).toMillis() >= 2000);
            JsonNode call = await().atMost(WAIT).until(() -> bridged(new AdminHttp(SERVER.server())), c -> c != null
                    && c.path("bridge").path("media").path("jingle").path("packetsIn").asLong() > 0);
            assertThat(call.path("state").asText()).isEqualTo("answered");
            assertThat(call.path("bridge").path("jid").asText()).isEqualTo(alice.jid());
            assertThat(call.path("bridge").path("codec").asText()).isIn("PCMU/8000", "PCMA/8000");

            bob.hangup();
            assertThat(alice.awaitEnded()).isEqualTo("success");
            CallDetail cdr = await().atMost(WAIT).until(() -> SERVER.bean(CdrQuery.class)
                    .find(null, null, null, null, 0, 500).records().stream()
                    .filter(c -> c.route() == CallRoute.BRIDGE && c.dialledUri().contains(ALICE)
                            && !c.startTime().isBefore(dialled))
                    .findFirst().orElse(null), c -> c != null && c.endTime() != null);
            assertThat(cdr.status()).isEqualTo(200);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLER);
            assertThat(cdr.gateway()).as("the device that answered").isEqualTo(alice.jid());
        }
    }

    @Test
    void anAnswerWithoutFingerprintIsRefusedAndNothingStaysOpen() throws Exception {
        try (Baresip bob = bob()) {
            alice.tamper("no-fingerprint"); // the browser's session-accept loses its DTLS fingerprint
            bob.dial("sip:" + ALICE);
            alice.awaitIncoming();
            alice.answer();

            assertThat(bob.awaitEvent("CALL_CLOSED", WAIT).path("param").asText()).contains("403");
            BrowserPeer.Ended ended = alice.awaitEnd();
            assertThat(ended.reason()).isEqualTo("security-error");
            assertThat(ended.text()).contains("fingerprint");
        }
    }

    @Test
    void theBrowsersHangUpSendsByeToThePhone() throws Exception {
        try (Baresip bob = answeredCallFromBob()) {
            alice.hangup("success");

            bob.awaitEvent("CALL_CLOSED", WAIT);
            assertThat(alice.awaitEnded()).isEqualTo("success");
        }
    }

    /**
     * A phone's hold (RFC 3264 §8.4: baresip re-INVITEs with {@code a=sendonly}) reaches the browser as XEP-0167
     * §7.1 {@code session-info <hold/>}, its resume as {@code <unhold/>}; the B2BUA answers each re-INVITE for the
     * bridge with the counterpart direction (recvonly, then sendrecv) and the call goes on. The browser's own hold
     * reaches the phone as a re-INVITE (its direction is SdpDirectionTest's and BrowserToPhoneIT's).
     */
    @Test
    void thePhonesHoldAndResumeAreToldToTheBrowser() throws Exception {
        try (Baresip bob = answeredCallFromBob()) {
            bob.command("hold", "");
            alice.awaitHold();
            bob.command("resume", "");
            alice.awaitUnhold();
            assertThat(alice.awaitStats(s -> Math.abs(s.dominantHz() - PHONE_HZ) <= 40).dominantHz())
                    .as("the phone's tone again after the resume").isPositive();

            alice.hold(true); // and the other way: the browser's hold is a re-INVITE to the phone
            String remoteSdp;
            do { // the answer to its own resume comes first; each wait is bounded
                remoteSdp = bob.awaitEvent("CALL_REMOTE_SDP", WAIT).path("param").asText();
            } while (!"offer".equals(remoteSdp));

            bob.hangup();
            assertThat(alice.awaitEnded()).isEqualTo("success");
        }
    }

    @Test
    void aDeclineInTheBrowserIsA603ForThePhone() throws Exception {
        try (Baresip bob = bob()) {
            bob.dial("sip:" + ALICE);
            alice.awaitIncoming();
            alice.reject("decline");

            assertThat(bob.awaitEvent("CALL_CLOSED", WAIT).path("param").asText()).contains("603");
        }
    }

    @Test
    void thePhoneGivingUpRetractsTheProposal() throws Exception {
        try (Baresip bob = bob()) {
            bob.dial("sip:" + ALICE);
            alice.awaitIncoming();
            bob.awaitEvent("CALL_RINGING", WAIT);

            bob.hangup(); // a CANCEL before the answer

            assertThat(alice.awaitEnded()).isEqualTo("cancel");
        }
    }

    /**
     * RFC 4733 from the SIP side reaches the browser: SIPp plays digit 1 held 2.5 s as telephone-events
     * ({@link org.parloir.testing.DtmfPcap}, payload type 101, nothing else), the relay renumbers them to the
     * browser's telephone-event type, and Chromium's NetEq renders the digit as its tone pair (697 + 1209 Hz),
     * which the page's analyser hears.
     */
    @Test
    void telephoneEventsFromTheSipSideAreHeardInTheBrowserAsTheirDigit() throws Exception {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        java.nio.file.Files.createDirectories(dir.resolve("sipp-dtmf"));
        org.parloir.testing.DtmfPcap.write(dir.resolve("sipp-dtmf/dtmf.pcap"), 1, 2500, 101); // SIPp's cwd
        try (Sipp caller = Sipp.start(dir.resolve("sipp-dtmf"), "uac_dtmf.xml", FreePorts.udpAndTcp(),
                "-s", "alice", "-set", "domain", "example.org",
                "-mp", Integer.toString(FreePorts.udpAndTcp()), "-m", "1", SERVER.server().sipHostPort())) {
            alice.awaitIncoming();
            alice.answer();
            alice.awaitActive();
            int hz = alice.awaitStats(s -> Math.abs(s.dominantHz() - 697) <= 40
                    || Math.abs(s.dominantHz() - 1209) <= 40).dominantHz();
            assertThat(hz).as("a tone of digit 1").isPositive();
            assertThat(alice.awaitEnded()).as("SIPp hangs up when done").isEqualTo("success");
            assertThat(caller.exitCode()).as(caller::output).isZero();
        }
    }

    /** bob's phone, in a call to alice that her browser answered. */
    private static Baresip answeredCallFromBob() throws Exception {
        Baresip bob = bob();
        bob.dial("sip:" + ALICE);
        alice.awaitIncoming();
        alice.answer();
        bob.awaitEvent("CALL_ESTABLISHED", WAIT);
        alice.awaitActive();
        return bob;
    }

    /** The one bridged call {@code /actuator/calls} lists, or null. */
    private static JsonNode bridged(AdminHttp admin) throws Exception {
        for (JsonNode c : JsonMapper.builder().build().readTree(admin.get("/actuator/calls")).path("b2bua")) {
            if ("bridge".equals(c.path("route").asText())) {
                return c;
            }
        }
        return null;
    }
}

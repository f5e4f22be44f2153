package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.parloir.sip.b2bua.B2bua;
import org.parloir.sip.proxy.ProxyCore;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.Baresip;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.Wav;

/**
 * One person on both kinds of devices (issue 11): alice is online in a browser (Chromium's WebRTC through
 * {@link BrowserPeer}, Jingle caps) and has a SIP phone registered (baresip, manual answer, a 700 Hz tone). bob's
 * SIP phone (baresip, 1 kHz) dials {@code sip:alice@example.org}: both of alice's devices ring, the first to answer
 * wins and the other stops ringing (CANCEL to the phone through our proxy, {@code retract} to the browser), and a
 * decline on one of them leaves the other ringing. One CDR per call, the B2BUA's, naming the device that answered.
 */
class OnePersonBothDevicesIT {

    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";
    private static final String BOB_PHONES = BOB + "/parloir-sip";
    private static final int BOB_HZ = 1000;
    private static final int ALICE_PHONE_HZ = 700;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SharedServer SERVER = Profiles.xmppTwoDomains();
    @TempDir
    static Path dir;
    static BrowserPeer aliceBrowser;
    static Baresip alicePhone;
    static boolean befriended;

    @BeforeAll
    static void peers() throws Exception {
        BrowserPeer.requireInstalled();
        assertThat(Baresip.installed()).as("baresip is needed: apt-get install baresip").isTrue();
        aliceBrowser = BrowserPeer.start(SERVER.server(), ALICE, "alice-secret", dir.resolve("alice-browser"), 440);
        alicePhone = Baresip.start(dir.resolve("alice-phone"), Baresip.Account.registered("sip:" + ALICE,
                "alice-secret", SERVER.server().sipHostPort()), ALICE_PHONE_HZ);
        await().atMost(WAIT).until(alicePhone::registered);
        assertThat(SERVER.bean(LocationService.class).lookup(ALICE)).as("alice's SIP phone").hasSize(1);
    }

    @AfterEach
    void idle() {
        aliceBrowser.reset();
        await().atMost(WAIT).until(() -> SERVER.bean(MediaRelay.class).openCount() == 0
                && SERVER.bean(B2bua.class).activeCalls() == 0 && SERVER.bean(ProxyCore.class).activeInvites() == 0);
    }

    @AfterAll
    static void close() throws Exception {
        if (aliceBrowser != null) {
            aliceBrowser.close();
        }
        if (alicePhone != null) {
            alicePhone.close(); // quit unregisters: the other classes of this profile see alice without a SIP phone
            await().atMost(WAIT).until(() -> SERVER.bean(LocationService.class).lookup(ALICE).isEmpty());
        }
    }

    private static Baresip bob() throws Exception {
        Baresip phone = Baresip.start(dir.resolve("bob-" + System.nanoTime()), Baresip.Account.registered(
                "sip:bob@example.org", "bob-secret", SERVER.server().sipHostPort()), BOB_HZ);
        await().atMost(WAIT).until(phone::registered);
        return phone;
    }

    @Test
    void bothDevicesRingAndThePhoneAnsweringFirstRetractsTheBrowser() throws Exception {
        try (Baresip bob = bob()) {
            double sipAttempts = calls("attempts", "sip");
            double xmppAttempts = calls("attempts", "xmpp");
            double sipAnswered = calls("answered", "sip");
            Instant dialled = Instant.now();
            bob.dial("sip:" + ALICE);
            alicePhone.awaitEvent("CALL_INCOMING", WAIT);
            aliceBrowser.awaitIncoming();
            bob.awaitEvent("CALL_RINGING", WAIT);

            alicePhone.accept();

            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            assertThat(aliceBrowser.awaitEnded()).as("the browser's proposal is retracted").isEqualTo("cancel");
            // the two phones' media goes end to end (the B2BUA relays their session descriptions)
            await().atMost(WAIT).ignoreExceptions().until(() -> Wav.toneLength(bob.received().orElseThrow(),
                    ALICE_PHONE_HZ).toMillis() >= 2000);
            assertThat(SERVER.bean(MediaRelay.class).openCount()).as("no bridge media for a SIP answer").isZero();

            bob.hangup();
            alicePhone.awaitEvent("CALL_CLOSED", WAIT);
            CallDetail cdr = await().atMost(WAIT).until(() -> cdrsSince(dialled), l -> !l.isEmpty()
                    && l.get(0).endTime() != null).get(0);
            assertThat(cdrsSince(dialled)).as("one record per call: the inner leg through the proxy has none")
                    .hasSize(1);
            assertThat(cdr.route()).isEqualTo(CallRoute.BRIDGE);
            assertThat(cdr.status()).isEqualTo(200);
            assertThat(cdr.gateway()).as("the device that answered: alice's SIP contact").startsWith("sip:")
                    .contains(String.valueOf(alicePhone.sipPort()));
            assertThat(calls("attempts", "sip") - sipAttempts).as("one attempt per kind of device rung").isEqualTo(1);
            assertThat(calls("attempts", "xmpp") - xmppAttempts).isEqualTo(1);
            assertThat(calls("answered", "sip") - sipAnswered).isEqualTo(1);
        }
    }

    @Test
    void theBrowserAnsweringFirstCancelsThePhone() throws Exception {
        try (Baresip bob = bob()) {
            Instant dialled = Instant.now();
            bob.dial("sip:" + ALICE);
            alicePhone.awaitEvent("CALL_INCOMING", WAIT);
            aliceBrowser.awaitIncoming();

            aliceBrowser.answer();

            aliceBrowser.awaitAccepted();
            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            alicePhone.awaitEvent("CALL_CLOSED", WAIT); // CANCEL, through the proxy
            aliceBrowser.awaitActive();
            assertThat(aliceBrowser.awaitStats(s -> s.dominantHz() > 0).dominantHz()).as("bob's tone")
                    .isBetween(BOB_HZ - 40, BOB_HZ + 40);

            aliceBrowser.hangup("success");
            bob.awaitEvent("CALL_CLOSED", WAIT);
            CallDetail cdr = await().atMost(WAIT).until(() -> cdrsSince(dialled), l -> l.size() == 1
                    && l.get(0).endTime() != null).get(0);
            assertThat(cdr.gateway()).as("the device that answered").isEqualTo(aliceBrowser.jid());
        }
    }

    @Test
    void aDeclineInTheBrowserLeavesThePhoneRinging() throws Exception {
        try (Baresip bob = bob()) {
            bob.dial("sip:" + ALICE);
            alicePhone.awaitEvent("CALL_INCOMING", WAIT);
            aliceBrowser.awaitIncoming();

            aliceBrowser.reject("decline");
            aliceBrowser.awaitEnded();

            alicePhone.accept(); // still ringing: the decline did not end the call
            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            bob.hangup();
            alicePhone.awaitEvent("CALL_CLOSED", WAIT);
        }
    }

    @Test
    void aDeclineOnThePhoneLeavesTheBrowserRinging() throws Exception {
        try (Baresip bob = bob()) {
            bob.dial("sip:" + ALICE);
            alicePhone.awaitEvent("CALL_INCOMING", WAIT);
            aliceBrowser.awaitIncoming();

            alicePhone.hangup(); // baresip rejects a ringing call with 486
            alicePhone.awaitEvent("CALL_CLOSED", WAIT);

            aliceBrowser.answer(); // the proposal was not retracted
            aliceBrowser.awaitAccepted();
            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            bob.hangup();
            assertThat(aliceBrowser.awaitEnded()).isEqualTo("success");
        }
    }

    @Test
    void declinedOnBothTheCallerHearsTheDecline() throws Exception {
        try (Baresip bob = bob()) {
            Instant dialled = Instant.now();
            bob.dial("sip:" + ALICE);
            alicePhone.awaitEvent("CALL_INCOMING", WAIT);
            aliceBrowser.awaitIncoming();

            alicePhone.hangup(); // 486 on the phone
            alicePhone.awaitEvent("CALL_CLOSED", WAIT);
            aliceBrowser.reject("decline"); // 603 in the browser

            assertThat(bob.awaitEvent("CALL_CLOSED", WAIT).path("param").asText()).as("the decline says most")
                    .contains("603");
            CallDetail cdr = await().atMost(WAIT).until(() -> cdrsSince(dialled), l -> l.size() == 1).get(0);
            assertThat(cdr.status()).isEqualTo(603);
            assertThat(cdr.hungUpBy()).as("who said it").isEqualTo(org.parloir.cdr.api.HangupParty.CALLEE);
        }
    }

    @Test
    void theCallerGivingUpStopsBothDevices() throws Exception {
        try (Baresip bob = bob()) {
            bob.dial("sip:" + ALICE);
            alicePhone.awaitEvent("CALL_INCOMING", WAIT);
            aliceBrowser.awaitIncoming();
            bob.awaitEvent("CALL_RINGING", WAIT);

            bob.hangup(); // CANCEL

            alicePhone.awaitEvent("CALL_CLOSED", WAIT);
            assertThat(aliceBrowser.awaitEnded()).isEqualTo("cancel");
        }
    }

    /**
     * A SIP caller shows in the browser as its address on the gateway, XEP-0106-escaped
     * ({@code bob\40example.org@phone.example.org}), so that the call can be returned: that JID takes presence
     * subscriptions with call caps, and a call to it rings the person's SIP phone through our proxy.
     */
    @Test
    void theBrowserReturnsTheCallToTheSipPhoneItCameFrom() throws Exception {
        try (Baresip bob = bob()) {
            bob.dial("sip:" + ALICE);
            alicePhone.awaitEvent("CALL_INCOMING", WAIT);
            String caller = aliceBrowser.awaitIncoming().from();
            bob.hangup(); // missed: alice calls back
            assertThat(aliceBrowser.awaitEnded()).isEqualTo("cancel");
            alicePhone.awaitEvent("CALL_CLOSED", WAIT);
            await().atMost(WAIT).until(() -> SERVER.bean(B2bua.class).activeCalls() == 0);

            String back = caller.substring(0, caller.indexOf('/'));
            assertThat(back).isEqualTo("bob\\40example.org@phone.example.org");
            aliceBrowser.subscribe(back);
            assertThat(aliceBrowser.awaitAvailable(back)).as("present with call caps").isEqualTo(back + "/phone");
            Instant dialled = Instant.now();
            aliceBrowser.call(back);
            bob.awaitEvent("CALL_INCOMING", WAIT);
            bob.accept();
            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            aliceBrowser.awaitAccepted();
            aliceBrowser.awaitActive();
            assertThat(aliceBrowser.awaitStats(s -> s.dominantHz() > 0).dominantHz()).as("bob's tone")
                    .isBetween(BOB_HZ - 40, BOB_HZ + 40);

            aliceBrowser.hangup("success");
            bob.awaitEvent("CALL_CLOSED", WAIT);
            CallDetail cdr = await().atMost(WAIT).until(() -> SERVER.bean(CdrQuery.class)
                    .find(null, null, null, null, 0, 500).records().stream()
                    .filter(c -> c.dialledUri().contains("bob@example.org") && !c.startTime().isBefore(dialled))
                    .toList(), l -> l.size() == 1 && l.get(0).endTime() != null).get(0);
            assertThat(cdr.route()).isEqualTo(CallRoute.BRIDGE);
            assertThat(cdr.callerIdentity()).isEqualTo(aliceBrowser.jid());
            assertThat(cdr.status()).isEqualTo(200);
            assertThat(cdr.gateway()).as("bob's SIP contact").contains(String.valueOf(bob.sipPort()));
        }
    }

    /**
     * The other way round (issue 11: one with only SIP phones is reachable from any Jingle client): bob has no XMPP
     * client online, only his SIP phone; while it is registered, {@code bob@example.org/parloir-sip} is present with
     * call caps for his subscribers, so alice's browser proposes a call to bob's bare JID. His phone rings from
     * alice's own address, and its answer is the {@code proceed} of that resource, which takes the browser's session:
     * bob's tone in the browser, one CDR of a bridged call, nothing left open after the hangup.
     */
    @Test
    void aBrowserCallsAPersonsJidAndTheirSipPhoneAnswers() throws Exception {
        try (Baresip bob = bob()) {
            befriendBob();
            assertThat(aliceBrowser.awaitAvailable(BOB_PHONES)).isEqualTo(BOB_PHONES);
            Instant dialled = Instant.now();
            aliceBrowser.call(BOB);
            aliceBrowser.awaitProposed();
            assertThat(bob.awaitEvent("CALL_INCOMING", WAIT).toString()).as("the caller's own address")
                    .contains(ALICE);
            aliceBrowser.awaitRinging();

            bob.accept();

            aliceBrowser.awaitAccepted();
            aliceBrowser.awaitActive();
            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            assertThat(aliceBrowser.awaitStats(s -> s.dominantHz() > 0).dominantHz()).as("bob's tone")
                    .isBetween(BOB_HZ - 40, BOB_HZ + 40);
            assertThat(SERVER.bean(org.parloir.bridge.xmpp.PersonCalls.class).active()).isEqualTo(1);

            aliceBrowser.hangup("success");
            bob.awaitEvent("CALL_CLOSED", WAIT);
            CallDetail cdr = await().atMost(WAIT).until(() -> cdrsTo(BOB, dialled), l -> l.size() == 1
                    && l.get(0).endTime() != null).get(0);
            assertThat(cdr.route()).isEqualTo(CallRoute.BRIDGE);
            assertThat(cdr.status()).isEqualTo(200);
            assertThat(cdr.callerIdentity()).isEqualTo(aliceBrowser.jid());
            assertThat(cdr.gateway()).as("bob's SIP contact").contains(String.valueOf(bob.sipPort()));
            await().atMost(WAIT).until(() -> SERVER.bean(org.parloir.bridge.xmpp.PersonCalls.class).active() == 0);
        }
        // his last phone gone, the resource is too
        assertThat(aliceBrowser.awaitUnavailable(BOB_PHONES)).isEqualTo(BOB_PHONES);
    }

    /** bob's phone declining (baresip answers a ringing call it hangs up with 486) rejects the browser's proposal. */
    @Test
    void aPersonsSipPhoneDecliningACallToTheirJidRejectsTheProposal() throws Exception {
        try (Baresip bob = bob()) {
            befriendBob();
            aliceBrowser.awaitAvailable(BOB_PHONES);
            Instant dialled = Instant.now();
            aliceBrowser.call(BOB);
            bob.awaitEvent("CALL_INCOMING", WAIT);

            bob.hangup();

            assertThat(aliceBrowser.awaitEnded()).as("SIP 486 is Jingle busy").isEqualTo("busy");
            CallDetail cdr = await().atMost(WAIT).until(() -> cdrsTo(BOB, dialled), l -> l.size() == 1).get(0);
            assertThat(cdr.status()).isEqualTo(486);
            await().atMost(WAIT).until(() -> SERVER.bean(org.parloir.bridge.xmpp.PersonCalls.class).active() == 0);
        }
    }

    /** The caller giving up (XEP-0353 retract) cancels the phone that rings. */
    @Test
    void aRetractedProposalStopsThePersonsSipPhone() throws Exception {
        try (Baresip bob = bob()) {
            befriendBob();
            aliceBrowser.awaitAvailable(BOB_PHONES);
            aliceBrowser.call(BOB);
            bob.awaitEvent("CALL_INCOMING", WAIT);

            aliceBrowser.hangup("success"); // only proposed: a retract

            bob.awaitEvent("CALL_CLOSED", WAIT);
            await().atMost(WAIT).until(() -> SERVER.bean(org.parloir.bridge.xmpp.PersonCalls.class).active() == 0);
        }
    }

    /**
     * alice asks for bob's presence and bob approves it from a Smack client, which then logs out (once per profile
     * is enough: the roster is stored).
     */
    private static void befriendBob() throws Exception {
        if (befriended) {
            return;
        }
        aliceBrowser.subscribe(BOB);
        org.parloir.testing.XmppClients clients = new org.parloir.testing.XmppClients(SERVER.server(),
                SERVER.server().dataDir().resolve("tls-self-signed.p12"));
        org.jivesoftware.smack.tcp.XMPPTCPConnection smack = clients.login(clients.starttls("example.org", "bob",
                "bob-secret").setResource("smack"));
        try {
            smack.sendStanza(smack.getStanzaFactory().buildPresenceStanza()
                    .ofType(org.jivesoftware.smack.packet.Presence.Type.subscribed)
                    .to(org.jxmpp.jid.impl.JidCreate.bareFrom(ALICE)).build());
        } finally {
            smack.disconnect();
        }
        befriended = true;
    }

    /**
     * Only calls go through the B2BUA: other requests to a person with a Jingle client online still reach their SIP
     * devices through the proxy (an OPTIONS is answered by alice's phone, not 480 for want of a device).
     */
    @Test
    void requestsOtherThanCallsStillReachTheSipPhone() throws Exception {
        org.parloir.testing.SipUa stranger = new org.parloir.testing.SipUa("eve");
        try {
            javax.sip.message.Request options = stranger.request(javax.sip.message.Request.OPTIONS, "sip:" + ALICE,
                    "eve@elsewhere.example", ALICE, SERVER.server().sipHostPort());
            assertThat(stranger.sendAndAwait(options).getStatusCode()).as("answered by baresip").isEqualTo(200);
        } finally {
            stranger.close();
        }
    }

    /** {@code parloir.sip.calls.<what>} of bridge calls tagged {@code gateway} (0 before the first). */
    private static double calls(String what, String gateway) {
        var counter = SERVER.bean(io.micrometer.core.instrument.MeterRegistry.class).find("parloir.sip.calls." + what)
                .tags("route", "bridge", "gateway", gateway).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The CDRs of calls to {@code aor} that started after {@code since}. */
    private static List<CallDetail> cdrsTo(String aor, Instant since) {
        return SERVER.bean(CdrQuery.class).find(null, null, null, null, 0, 500).records().stream()
                .filter(c -> c.dialledUri().contains(aor) && !c.startTime().isBefore(since)).toList();
    }

    /** The CDRs of calls to alice that started after {@code since}. */
    private static List<CallDetail> cdrsSince(Instant since) {
        return SERVER.bean(CdrQuery.class).find(null, null, null, null, 0, 500).records().stream()
                .filter(c -> c.dialledUri().contains(ALICE) && !c.startTime().isBefore(since)).toList();
    }
}

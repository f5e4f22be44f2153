package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parloir.testing.GatewaySpec.named;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.BridgedCalls.BridgedCall;
import org.parloir.sip.api.BridgedCalls.BridgedCallRequest;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.Sipp;

/**
 * The B2BUA side of the Jingle bridge (issue 11): a call the bridge places through {@link BridgedCalls} takes the
 * nomadic path to a PSTN gateway played by SIPp, and what the gateway does comes back as the bridge's events; the
 * CDR says BRIDGE with the caller's XMPP device. The test stands where the bridge's Jingle sessions stand.
 */
class BridgedCallsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String DEVICE = "alice@example.org/conversations.x1";
    static final byte[] OFFER = ("v=0\r\no=parloir 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 40002 RTP/AVP 0 8 126\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:126 telephone-event/8000\r\na=fmtp:126 0-16\r\na=ptime:20\r\na=sendrecv\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final SharedServer SERVER = SharedServer.profile("gateways-a-b", s -> s.region("FR").routingMode("phone")
            .with("parloir.sip.b2bua.ring-timeout", "10s")
            .with("parloir.sip.b2bua.min-se", "2s")
            .gateway(named("gw-a").priority(1).neverDown().rewrite("+33", "0").trunk("trunkuser", "trunkpass"))
            .gateway(named("gw-b").priority(2).neverDown().rewrite("+33", "0")));
    @TempDir
    static Path work;
    static int gwA;
    private static final AtomicInteger RUN = new AtomicInteger();

    @BeforeAll
    static void start() {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        gwA = SERVER.gatewayPort(0);
    }

    /** What the bridge hears, in order. */
    static final class Party implements BridgedCalls.CallParty {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile byte[] answer;

        @Override
        public void ringing() {
            events.add("ringing");
        }

        @Override
        public void answered(byte[] sdp) {
            answer = sdp;
            events.add("answered");
        }

        @Override
        public void refused(int status) {
            events.add("refused " + status);
        }

        @Override
        public void hungUp() {
            events.add("hung up");
        }

        @Override
        public void updated(byte[] sdp) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("m=audio (\\d+)")
                    .matcher(new String(sdp, StandardCharsets.US_ASCII));
            events.add("updated " + (m.find() ? m.group(1) : "?"));
        }
    }

    private static Sipp gateway(String scenario) throws Exception {
        return Sipp.start(work.resolve("sipp-" + RUN.incrementAndGet() + "-" + scenario), scenario, gwA, "-m", "1");
    }

    private static BridgedCall dial(String number, Party party) {
        return SERVER.bean(BridgedCalls.class).dial(new BridgedCallRequest("alice@example.org", DEVICE, number,
                OFFER), party);
    }

    private static CallDetail cdr(String callId) {
        CdrQuery query = SERVER.bean(CdrQuery.class);
        return await().atMost(WAIT).until(() -> query.find(null, null, null, null, 0, 500).records().stream()
                .filter(c -> c.callId().equals(callId)).findFirst().orElse(null), c -> c != null);
    }

    /**
     * A Jingle client calling a person's SIP address (the JID a SIP caller shows as, so that the call can be
     * returned): the B2BUA's leg reaches the person's registered device through our proxy, whatever the domain's
     * routing mode (here phone-only: that is for calls to the person, not to their devices by address).
     */
    @Test
    void aCallToAPersonsSipAddressRingsTheirRegisteredDeviceThroughTheProxy() throws Exception {
        SipUa bob = new SipUa("bob");
        try {
            assertThat(bob.register("bob", "example.org", "bob-secret", "MD5", 600, SERVER.server().sipHostPort())
                    .getStatusCode()).isEqualTo(200);
            Party party = new Party();
            BridgedCall call = dial("bob@example.org", party);
            javax.sip.RequestEvent invite = bob.awaitRequest(javax.sip.message.Request.INVITE, WAIT);
            assertThat(invite.getRequest().getRequestURI().toString()).as("the leg's token stays in the server")
                    .doesNotContain("parloir-leg").contains(bob.contact().replaceFirst("^sip:", "").split(";")[0]);
            assertThat(new String(invite.getRequest().getRawContent(), StandardCharsets.US_ASCII))
                    .as("the bridge's offer").contains("m=audio 40002 RTP/AVP 0 8 126");
            javax.sip.ServerTransaction tx = bob.respond(invite, null, 180, "bob1");
            await().atMost(WAIT).until(() -> party.events.contains("ringing"));
            byte[] answer = ("v=0\r\no=bob 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 41000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            bob.respond(invite, tx, 200, "bob1", answer);
            await().atMost(WAIT).until(() -> party.events.contains("answered"));
            assertThat(new String(party.answer, StandardCharsets.US_ASCII)).contains("m=audio 41000");

            call.hangUp();
            javax.sip.RequestEvent bye = bob.awaitRequest(javax.sip.message.Request.BYE, WAIT);
            bob.respond(bye, null, 200, null);
            CallDetail cdr = await().atMost(WAIT).until(() -> cdr(call.callId()), c -> c.endTime() != null);
            assertThat(cdr.route()).isEqualTo(CallRoute.BRIDGE);
            assertThat(cdr.dialledUri()).isEqualTo("sip:bob@example.org");
            assertThat(cdr.callerIdentity()).isEqualTo(DEVICE);
            assertThat(cdr.status()).isEqualTo(200);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLER);
            assertThat(cdr.gateway()).as("the device that answered").isEqualTo(bob.contact());
        } finally {
            bob.close();
            SERVER.bean(org.parloir.sip.registrar.LocationService.class).remove("bob@example.org");
        }
    }

    @Test
    void aPersonWithoutSipDeviceIsUnavailableAndAnotherDomainsAddressIsRefused() {
        Party nobody = new Party();
        dial("carol.martin@example.org", nobody);
        Party remote = new Party();
        dial("eve@elsewhere.net", remote);
        await().atMost(WAIT).until(() -> nobody.events.contains("refused 480")
                && remote.events.contains("refused 403"));
    }

    @Test
    void anAnsweredCallCarriesTheBridgesOfferAndEndsWhenTheJingleSideHangsUp() throws Exception {
        try (Sipp gw = gateway("gw_answer.xml")) {
            Party party = new Party();
            BridgedCall call = dial("+33139635511", party);
            await().atMost(WAIT).until(() -> party.events.contains("answered"));
            assertThat(new String(party.answer, StandardCharsets.US_ASCII)).contains("m=audio");
            assertThat(party.events).containsExactly("ringing", "answered");

            call.hangUp();
            assertThat(gw.exitCode()).as(gw::output).isZero(); // it got its BYE
            assertThat(gw.messages()).contains("INVITE sip:0139635511@127.0.0.1:" + gwA + ";user=phone")
                    .contains("m=audio 40002 RTP/AVP 0 8 126");
            CallDetail cdr = cdr(call.callId());
            assertThat(cdr.route()).isEqualTo(CallRoute.BRIDGE);
            assertThat(cdr.callerIdentity()).isEqualTo(DEVICE);
            assertThat(cdr.callerAor()).isEqualTo("sip:alice@example.org");
            assertThat(cdr.translatedNumber()).isEqualTo("+33139635511");
            assertThat(cdr.status()).isEqualTo(200);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLER);
            assertThat(party.events).as("our own hang-up is not echoed").containsExactly("ringing", "answered");
        }
    }

    @Test
    void theGatewaysHangUpReachesTheBridge() throws Exception {
        try (Sipp gw = gateway("gw_hangup.xml")) {
            Party party = new Party();
            BridgedCall call = dial("+33139635511", party);
            await().atMost(WAIT).until(() -> party.events.contains("hung up"));
            assertThat(gw.exitCode()).as(gw::output).isZero();
            assertThat(cdr(call.callId()).hungUpBy()).isEqualTo(HangupParty.CALLEE);
        }
    }

    @Test
    void aGatewayThatMovesItsMediaIsFollowed() throws Exception {
        try (Sipp gw = gateway("gw_moves_media.xml")) {
            Party party = new Party();
            dial("+33139635511", party);
            await().atMost(WAIT).until(() -> party.events.contains("hung up"));
            assertThat(gw.exitCode()).as(gw::output).isZero(); // its re-INVITE got a 200 with our description
            assertThat(party.events).containsExactly("ringing", "answered", "updated 7078", "hung up");
            assertThat(gw.messages()).contains("m=audio 40002 RTP/AVP");
        }
    }

    @Test
    void aBusyNumberIsARefusalWithItsStatus() throws Exception {
        try (Sipp gw = gateway("gw_busy.xml")) {
            Party party = new Party();
            BridgedCall call = dial("+33139635511", party);
            await().atMost(WAIT).until(() -> party.events.contains("refused 486"));
            assertThat(gw.exitCode()).as(gw::output).isZero();
            assertThat(cdr(call.callId()).status()).isEqualTo(486);
        }
    }

    @Test
    void hangingUpWhileItRingsCancelsTheGatewayLeg() throws Exception {
        try (Sipp gw = gateway("gw_ring.xml")) {
            Party party = new Party();
            BridgedCall call = dial("+33139635511", party);
            await().atMost(WAIT).until(() -> party.events.contains("ringing"));
            call.hangUp();
            assertThat(gw.exitCode()).as(gw::output).isZero(); // CANCEL, 487, ACK
            CallDetail cdr = cdr(call.callId());
            assertThat(cdr.status()).isEqualTo(487);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLER);
        }
    }

    @Test
    void aNumberThatIsNoNumberIsRefusedAndRecorded() {
        Party party = new Party();
        BridgedCall call = dial("12", party);
        await().atMost(WAIT).until(() -> !party.events.isEmpty());
        assertThat(party.events).containsExactly("refused 484");
        assertThat(cdr(call.callId()).route()).isEqualTo(CallRoute.BRIDGE);
    }
}

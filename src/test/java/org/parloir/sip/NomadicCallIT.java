package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.RequestEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.cdr.api.HangupParty;
import org.parloir.testing.Calls;
import org.parloir.testing.FreePorts;
import org.parloir.testing.GatewaySpec;
import org.parloir.testing.FreeRadius;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.Sipp;

/**
 * Nomadic ToIP: only authenticated users of our domains may dial numbers, and a real FreeRADIUS decides who may
 * call what (Access-Request, per-user Filter-Id policy, Session-Timeout) and receives the accounting of each call;
 * a SIPp gateway takes the calls. Also: the deny list, strangers, a RADIUS server that is down, and RFC 5090 digest
 * verification by FreeRADIUS.
 */
class NomadicCallIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET = "nomadic-secret";

    @TempDir
    static Path work;
    static FreeRadius radius;
    static ParloirServer server;
    static int gw;
    private static final AtomicInteger RUN = new AtomicInteger();
    private SipUa phone;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        radius = FreeRadius.start(work.resolve("radius"), SECRET);
        gw = FreePorts.udpAndTcp();
        server = configured(new ParloirServer(work.resolve("data")), radius.authPort(), radius.acctPort()).start();
    }

    static ParloirServer configured(ParloirServer s, int authPort, int acctPort) {
        return s.region("FR")
                .with("parloir.pstn.deny-prefixes[0]", "+3389")
                .gateway(GatewaySpec.gateway().neverDown().rewrite("+33", "0"), gw)
                .radius(authPort, acctPort, SECRET)
                .with("parloir.aaa.radius.timeout", "300ms")
                .with("parloir.aaa.radius.retries", "1")
                .with("parloir.aaa.policies.national.allowed-prefixes[0]", "+33")
                // toll-fraud limits: one call at a time, but two for holders of the "national" policy
                .with("parloir.pstn.limits.concurrent-calls", "1")
                .with("parloir.pstn.limits.policies.national.concurrent-calls", "2");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (radius != null) {
            radius.close();
        }
    }

    @BeforeEach
    void newPhone() throws Exception {
        phone = new SipUa("nomad");
    }

    @AfterEach
    void closePhone() {
        phone.close();
    }

    private static Sipp gateway(String scenario) throws Exception {
        return Sipp.start(work.resolve("sipp-" + RUN.incrementAndGet() + "-" + scenario), scenario, gw, "-m", "1");
    }

    private Calls.Call dial(ParloirServer s, String target, String user, String password) throws Exception {
        return Calls.authenticatedInvite(phone, target, user, password, s.sipHostPort());
    }

    private static String callId(Calls.Call call) {
        return ((CallIdHeader) call.invite.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static CallDetail cdr(ParloirServer s, String callId) {
        CdrQuery query = s.bean(CdrQuery.class);
        return await().atMost(WAIT).until(() -> query.find(null, null, null, null, 0, 500).records().stream()
                .filter(c -> c.callId().equals(callId)).findFirst().orElse(null), c -> c != null);
    }

    private static List<Map<String, String>> accounting(String sessionId) throws Exception {
        return radius.detailRecords().stream().filter(r -> sessionId.equals(r.get("Acct-Session-Id"))).toList();
    }

    @Test
    void anAuthorisedUserCallsANumberAndTheCallIsAccounted() throws Exception {
        try (Sipp gateway = gateway("gw_answer.xml")) {
            Calls.Call call = dial(server, "sip:0123456789@example.org", "alice@example.org", "alice-secret");
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            assertThat(gateway.messages()).contains("INVITE sip:0123456789@127.0.0.1:" + gw + ";user=phone")
                    .doesNotContain("Proxy-Authorization"); // our credentials stay with us
            CallDetail cdr = cdr(server, callId(call));
            assertThat(cdr.route()).isEqualTo(CallRoute.PSTN);
            assertThat(cdr.callerIdentity()).isEqualTo("alice@example.org");
            assertThat(cdr.translatedNumber()).isEqualTo("+33123456789");
            assertThat(cdr.radiusSessionId()).isNotBlank();
            List<Map<String, String>> acct = await().atMost(WAIT).until(() -> accounting(cdr.radiusSessionId()),
                    l -> l.size() >= 2);
            assertThat(acct).extracting(r -> r.get("Acct-Status-Type")).containsExactly("Start", "Stop");
            assertThat(acct.get(0)).containsEntry("User-Name", "alice")
                    .containsEntry("Called-Station-Id", "+33123456789");
            assertThat(acct.get(1)).containsEntry("Acct-Terminate-Cause", "User-Request")
                    .containsKey("Acct-Session-Time");
        }
    }

    @Test
    void aJingleCallOfTheBridgeIsAuthorisedAndAccountedAsTheUsersSipCallsAre() throws Exception {
        try (Sipp gateway = gateway("gw_answer.xml")) {
            BridgedCallsIT.Party party = new BridgedCallsIT.Party();
            BridgedCalls.BridgedCall call = server.bean(BridgedCalls.class).dial(new BridgedCalls.BridgedCallRequest(
                    "alice@example.org", "alice@example.org/browser", "+33123456789", BridgedCallsIT.OFFER), party);
            await().atMost(WAIT).until(() -> party.events.contains("answered"));
            call.hangUp();
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            CallDetail cdr = cdr(server, call.callId());
            assertThat(cdr.route()).isEqualTo(CallRoute.BRIDGE);
            assertThat(cdr.radiusSessionId()).isNotBlank();
            List<Map<String, String>> acct = await().atMost(WAIT).until(() -> accounting(cdr.radiusSessionId()),
                    l -> l.size() >= 2);
            assertThat(acct).extracting(r -> r.get("Acct-Status-Type")).containsExactly("Start", "Stop");
            assertThat(acct.get(0)).containsEntry("User-Name", "alice")
                    .containsEntry("Called-Station-Id", "+33123456789");
        }
    }

    @Test
    void aJingleCallToADeniedNumberIsRefusedBeforeRadius() {
        BridgedCallsIT.Party party = new BridgedCallsIT.Party();
        server.bean(BridgedCalls.class).dial(new BridgedCalls.BridgedCallRequest("alice@example.org",
                "alice@example.org/browser", "+33891234567", BridgedCallsIT.OFFER), party);
        await().atMost(WAIT).until(() -> party.events.contains("refused 403"));
    }

    @Test
    void theCallPolicyNamedByRadiusSetsTheUsersLimits() throws Exception {
        // alice's Access-Accept names "national", whose limit (2 at once) replaces the default (1)
        try (Sipp gateway = Sipp.start(work.resolve("sipp-" + RUN.incrementAndGet() + "-limits"), "gw_answer.xml",
                gw, "-m", "2"); SipUa second = new SipUa("alice-2"); SipUa third = new SipUa("alice-3")) {
            Calls.Call one = dial(server, "sip:0123456701@example.org", "alice@example.org", "alice-secret");
            assertThat(one.answer(WAIT).getStatusCode()).isEqualTo(200);
            Calls.Call two = Calls.authenticatedInvite(second, "sip:0123456702@example.org", "alice@example.org",
                    "alice-secret", server.sipHostPort());
            assertThat(two.answer(WAIT).getStatusCode()).isEqualTo(200);
            Calls.Call three = Calls.authenticatedInvite(third, "sip:0123456703@example.org", "alice@example.org",
                    "alice-secret", server.sipHostPort());
            Response refused = three.answer(WAIT);
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(refused.getReasonPhrase()).isEqualTo("Too many simultaneous calls");
            assertThat(one.bye().getStatusCode()).isEqualTo(200);
            assertThat(two.bye().getStatusCode()).isEqualTo(200);
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
        }
    }

    @Test
    void telUrisAndUserPhoneAreNumbersToo() throws Exception {
        for (String target : List.of("tel:+33123456789", "sip:+33123456789@example.org;user=phone")) {
            try (Sipp gateway = gateway("gw_answer.xml")) {
                Calls.Call call = dial(server, target, "alice@example.org", "alice-secret");
                assertThat(call.answer(WAIT).getStatusCode()).as(target).isEqualTo(200);
                call.bye();
                assertThat(gateway.exitCode()).as(gateway::output).isZero();
                assertThat(gateway.messages()).contains("INVITE sip:0123456789@");
            }
        }
    }

    @Test
    void aUserRadiusRejectsGets403() throws Exception {
        Calls.Call call = dial(server, "sip:0123456789@example.org", "bob@example.org", "bob-secret");
        assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(403);
        assertThat(cdr(server, callId(call)).status()).isEqualTo(403);
    }

    @Test
    void theDenyListWinsWhateverRadiusSays() throws Exception {
        Calls.Call call = dial(server, "sip:0899123456@example.org", "alice@example.org", "alice-secret");
        Response r = call.answer(WAIT);
        assertThat(r.getStatusCode()).isEqualTo(403);
        assertThat(r.getReasonPhrase()).isEqualTo("Number not allowed");
    }

    @Test
    void thePolicyNamedByRadiusLimitsTheNumbers() throws Exception {
        // alice's Access-Accept names the policy "national" (+33 only): a Berlin number is refused
        Calls.Call call = dial(server, "sip:+49301234567@example.org", "alice@example.org", "alice-secret");
        assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(403);
        assertThat(cdr(server, callId(call)).translatedNumber()).isEqualTo("+49301234567");
    }

    @Test
    void strangersCannotDialNumbersAndUsersMustAuthenticate() throws Exception {
        Calls.Call stranger = Calls.invite(phone, "sip:0123456789@example.org", "someone@far.example.net",
                server.sipHostPort());
        assertThat(stranger.answer(WAIT).getStatusCode()).isEqualTo(403);
        Calls.Call unauthenticated = Calls.invite(phone, "sip:0123456789@example.org", "alice@example.org",
                server.sipHostPort());
        assertThat(unauthenticated.answer(WAIT).getStatusCode()).isEqualTo(407);
        Calls.Call wrongPassword = dial(server, "sip:0123456789@example.org", "alice@example.org", "guess");
        assertThat(wrongPassword.answer(WAIT).getStatusCode()).isEqualTo(403);
    }

    @Test
    void theSessionTimeoutOfRadiusEndsTheCall() throws Exception {
        try (Sipp gateway = gateway("gw_answer.xml")) {
            Calls.Call call = dial(server, "sip:0123456789@example.org", "carol.martin@example.org",
                    "carol-secret");
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            // Session-Timeout = 2: the server hangs up on both sides
            RequestEvent bye = phone.awaitRequest(Request.BYE, WAIT);
            phone.respond(bye, null, 200, null);
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            CallDetail cdr = cdr(server, callId(call));
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.SERVER);
            assertThat(cdr.duration()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
            List<Map<String, String>> acct = await().atMost(WAIT).until(() -> accounting(cdr.radiusSessionId()),
                    l -> l.size() >= 2);
            assertThat(acct.get(acct.size() - 1)).containsEntry("Acct-Terminate-Cause", "Session-Timeout");
        }
    }

    @Test
    void withRadiusDownCallsGet503() throws Exception {
        int dead = FreePorts.udpAndTcp();
        try (ParloirServer down = configured(new ParloirServer(work.resolve("down")), dead, dead).start()) {
            Calls.Call call = dial(down, "sip:0123456789@example.org", "alice@example.org", "alice-secret");
            Response r = call.answer(WAIT);
            assertThat(r.getStatusCode()).isEqualTo(503);
            assertThat(r.getReasonPhrase()).isEqualTo("AAA server unavailable");
            assertThat(r.getHeader("Retry-After")).isNotNull();
        }
    }

    @Test
    void radiusVerifiesTheDigestOfItsDomains() throws Exception {
        // example.org's digests go to FreeRADIUS (RFC 5090), which knows bob with a password the directory does not
        try (ParloirServer delegated = configured(new ParloirServer(work.resolve("rfc5090")), radius.authPort(),
                radius.acctPort()).with("parloir.aaa.digest-domains[0]", "example.org").start();
             Sipp gateway = gateway("gw_answer.xml")) {
            Calls.Call wrong = dial(delegated, "sip:0123456789@example.org", "bob@example.org", "bob-secret");
            assertThat(wrong.answer(WAIT).getStatusCode()).isEqualTo(403);
            Calls.Call right = dial(delegated, "sip:0123456789@example.org", "bob@example.org", "bobs secret");
            assertThat(right.answer(WAIT).getStatusCode()).isEqualTo(200);
            right.bye();
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            assertThat(cdr(delegated, callId(right)).callerIdentity()).isEqualTo("bob@example.org");
        }
    }
}

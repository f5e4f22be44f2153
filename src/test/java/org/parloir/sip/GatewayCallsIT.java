package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.testing.GatewaySpec.named;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.RequestEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.cdr.api.HangupParty;
import org.parloir.testing.Calls;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.Sipp;

/**
 * Calls through the B2BUA to PSTN gateways played by SIPp (a SIP implementation we did not write): an anonymous
 * caller on the Internet dials bob@example.org (SIP.edu, phone-only routing), and the call reaches a gateway with
 * bob's directory number rewritten for it. Gateway failover, every way a call ends, re-INVITEs, session timers, the
 * admin API, and the CDR each call leaves.
 */
class GatewayCallsIT {

    private static final String BOB_AT_GATEWAY = "0139635622"; // +33 1 39 63 56 22 with +33 -> 0
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final SharedServer SERVER = SharedServer.profile("gateways-a-b", s -> s.region("FR").routingMode("phone")
            .with("parloir.sip.b2bua.ring-timeout", "10s")
            .with("parloir.sip.b2bua.min-se", "2s") // RFC 4028 says 90 s; short here so tests are quick
            .gateway(named("gw-a").priority(1).neverDown().rewrite("+33", "0").trunk("trunkuser", "trunkpass"))
            .gateway(named("gw-b").priority(2).neverDown().rewrite("+33", "0")));
    @TempDir
    static Path work;
    static ParloirServer server;
    static int gwA;
    static int gwB;
    private static final AtomicInteger RUN = new AtomicInteger();
    private SipUa caller;

    @BeforeAll
    static void start() {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        server = SERVER.server();
        gwA = SERVER.gatewayPort(0);
        gwB = SERVER.gatewayPort(1);
    }

    @BeforeEach
    void newCaller() throws Exception {
        caller = new SipUa("ext");
    }

    @AfterEach
    void closeCaller() {
        caller.close();
    }

    private static Sipp gateway(String scenario, int port, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("-m", "1"));
        all.addAll(List.of(args));
        return Sipp.start(work.resolve("sipp-" + RUN.incrementAndGet() + "-" + scenario), scenario, port,
                all.toArray(String[]::new));
    }

    private Calls.Call callBob() throws Exception {
        return Calls.invite(caller, "sip:bob@example.org", "someone@far.example.net", server.sipHostPort());
    }

    private static String callId(Calls.Call call) {
        return ((CallIdHeader) call.invite.getHeader(CallIdHeader.NAME)).getCallId();
    }

    /** The one CDR of {@code callId}, once written. */
    private static CallDetail cdr(String callId) {
        CdrQuery query = server.bean(CdrQuery.class);
        return await().atMost(WAIT).until(() -> query.find(null, null, null, null, 0, 500).records().stream()
                .filter(c -> c.callId().equals(callId)).findFirst().orElse(null), c -> c != null);
    }

    @Test
    void anAnsweredCallReachesTheGatewayWithTheDirectoryNumber() throws Exception {
        try (Sipp gw = gateway("gw_answer.xml", gwA)) {
            Calls.Call call = callBob();
            Response ok = call.answer(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(new String(ok.getRawContent(), StandardCharsets.UTF_8)).contains("m=audio", "o=gw ");
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(gw.exitCode()).as(gw::output).isZero();
            assertThat(gw.messages()).contains("INVITE sip:" + BOB_AT_GATEWAY + "@127.0.0.1:" + gwA + ";user=phone")
                    .contains("v=0").contains("m=audio 49170 RTP/AVP 0 8"); // the caller's offer, relayed

            CallDetail cdr = cdr(callId(call));
            assertThat(cdr.route()).isEqualTo(CallRoute.DIRECTORY);
            assertThat(cdr.translatedNumber()).isEqualTo("+33139635622");
            assertThat(cdr.dialledUri()).isEqualTo("sip:bob@example.org");
            assertThat(cdr.callerAor()).isEqualTo("sip:someone@far.example.net");
            assertThat(cdr.gateway()).isEqualTo("gw-a");
            assertThat(cdr.status()).isEqualTo(200);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLER);
            assertThat(cdr.answerTime()).isNotNull().isAfterOrEqualTo(cdr.startTime());
            assertThat(cdr.endTime()).isNotNull().isAfterOrEqualTo(cdr.answerTime());
        }
    }

    @Test
    void aGatewayThatChallengesGetsTheTrunkCredentials() throws Exception {
        try (Sipp gw = gateway("gw_auth.xml", gwA)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).as(gw::output).isEqualTo(200);
            call.bye();
            assertThat(gw.exitCode()).as(gw::output).isZero(); // SIPp verified the digest (verifyauth)
            // the status line, not "401" alone: Call-IDs, tags and branches are random hex
            assertThat(String.join("\n", caller.transcript)).doesNotContain("SIP/2.0 401")
                    .doesNotContain("trunkuser");
        }
    }

    @Test
    void aBusyCalleeIsPassedBackAndRecorded() throws Exception {
        try (Sipp gw = gateway("gw_busy.xml", gwA)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).as(gw::output).isEqualTo(486);
            assertThat(gw.exitCode()).as(gw::output).isZero();
            CallDetail cdr = cdr(callId(call));
            assertThat(cdr.status()).isEqualTo(486);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLEE);
            assertThat(cdr.answerTime()).isNull();
            assertThat(cdr.gateway()).isEqualTo("gw-a");
        }
    }

    @Test
    void aCallerWhoGivesUpCancelsTheGatewayLeg() throws Exception {
        try (Sipp gw = gateway("gw_ring.xml", gwA)) {
            Calls.Call call = callBob();
            caller.awaitResponse(180, WAIT);
            Response cancelled = caller.awaitFinal(call.cancel(), WAIT);
            Response terminated = call.answer(WAIT);
            assertThat(cancelled.getStatusCode()).isEqualTo(200);
            assertThat(terminated.getStatusCode()).isEqualTo(487);
            // RFC 3261 §9.2: the To tag of the 200 to the CANCEL is that of the response to the INVITE
            assertThat(((ToHeader) cancelled.getHeader(ToHeader.NAME)).getTag()).isNotNull()
                    .isEqualTo(((ToHeader) terminated.getHeader(ToHeader.NAME)).getTag());
            assertThat(gw.exitCode()).as(gw::output).isZero(); // it got the CANCEL and ACKed 487
            CallDetail cdr = cdr(callId(call));
            assertThat(cdr.status()).isEqualTo(487);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLER);
        }
    }

    @Test
    void aFailingGatewayHandsTheCallToTheNextOne() throws Exception {
        try (Sipp first = gateway("gw_unavailable.xml", gwA);
             Sipp second = gateway("gw_answer.xml", gwB)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            call.bye();
            assertThat(first.exitCode()).as(first::output).isZero();
            assertThat(second.exitCode()).as(second::output).isZero();
            assertThat(cdr(callId(call)).gateway()).isEqualTo("gw-b");
        }
    }

    @Test
    void whenEveryGatewayFailsTheCallerGets503() throws Exception {
        try (Sipp first = gateway("gw_unavailable.xml", gwA);
             Sipp second = gateway("gw_error.xml", gwB)) {
            Calls.Call call = callBob();
            Response r = call.answer(WAIT);
            assertThat(r.getStatusCode()).isEqualTo(503);
            assertThat(r.getReasonPhrase()).isEqualTo("PSTN gateways unavailable");
            assertThat(first.exitCode()).as(first::output).isZero();
            assertThat(second.exitCode()).as(second::output).isZero();
            CallDetail cdr = cdr(callId(call));
            assertThat(cdr.status()).isEqualTo(503);
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.SERVER);
        }
    }

    @Test
    void theCalleeHangingUpReachesTheCaller() throws Exception {
        try (Sipp gw = gateway("gw_hangup.xml", gwA)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            RequestEvent bye = caller.awaitRequest(Request.BYE, WAIT);
            caller.respond(bye, null, 200, null);
            assertThat(gw.exitCode()).as(gw::output).isZero();
            CallDetail cdr = cdr(callId(call));
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.CALLEE);
            assertThat(cdr.status()).isEqualTo(200);
        }
    }

    @Test
    void aReInviteIsPassedThroughWithItsNewDescription() throws Exception {
        try (Sipp gw = gateway("gw_reinvite.xml", gwA)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            Response answer = call.reInvite(Calls.OFFER.replace("49170", "49180")
                    .replace("2890844526 2890844526", "2890844526 2890844527"));
            assertThat(answer.getStatusCode()).isEqualTo(200);
            assertThat(new String(answer.getRawContent(), StandardCharsets.UTF_8)).contains("m=audio 7078");
            call.bye();
            assertThat(gw.exitCode()).as(gw::output).isZero();
            assertThat(gw.messages()).contains("m=audio 49180"); // the new offer reached the gateway
        }
    }

    @Test
    void anUpdateIsPassedThroughWithItsNewDescription() throws Exception {
        try (Sipp gw = gateway("gw_update.xml", gwA)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            Response answer = call.update(Calls.OFFER.replace("49170", "49190")
                    .replace("2890844526 2890844526", "2890844526 2890844527"));
            assertThat(answer.getStatusCode()).isEqualTo(200);
            assertThat(new String(answer.getRawContent(), StandardCharsets.UTF_8)).contains("m=audio 7078");
            call.bye();
            assertThat(gw.exitCode()).as(gw::output).isZero();
            assertThat(gw.messages()).contains("UPDATE sip:").contains("m=audio 49190");
        }
    }

    @Test
    void theSessionIsRefreshedWhenTheGatewayAsksForIt() throws Exception {
        try (Sipp gw = gateway("gw_timer.xml", gwA)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            // RFC 4028: the gateway made us the refresher every 4 s, so an UPDATE comes after about 2 s
            await().atMost(WAIT).until(() -> gw.messages().contains("UPDATE sip:"));
            call.bye();
            assertThat(gw.exitCode()).as(gw::output).isZero();
        }
    }

    @Test
    void aSilentGatewayTimesOutAndTheNextOneAnswers() throws Exception {
        // nothing listens on gw-a: the INVITE transaction times out (Timer B, 64*T1 = 32 s), then gw-b is tried
        try (Sipp second = gateway("gw_answer.xml", gwB)) {
            Calls.Call call = callBob();
            assertThat(call.answer(Duration.ofSeconds(60)).getStatusCode()).isEqualTo(200);
            call.bye();
            assertThat(second.exitCode()).as(second::output).isZero();
            assertThat(cdr(callId(call)).gateway()).isEqualTo("gw-b");
        }
    }

    @Test
    void aCallerThatStopsRefreshingItsSessionIsHungUp() throws Exception {
        try (Sipp gw = gateway("gw_answer.xml", gwA)) {
            Calls.Call call = Calls.invite(caller, "sip:bob@example.org", "someone@far.example.net",
                    server.sipHostPort(), r -> {
                        r.addHeader(caller.headers.createSupportedHeader("timer"));
                        r.addHeader(caller.headers.createHeader("Session-Expires", "4"));
                    });
            Response ok = call.answer(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            // RFC 4028 §9: the caller supports timers, so it is the refresher; it never refreshes
            assertThat(ok.getHeader("Session-Expires").toString()).contains("4").contains("refresher=uac");
            assertThat(ok.getHeader("Require").toString()).contains("timer");
            RequestEvent bye = caller.awaitRequest(Request.BYE, WAIT);
            caller.respond(bye, null, 200, null);
            assertThat(gw.exitCode()).as(gw::output).isZero(); // the gateway got its BYE too
            CallDetail cdr = cdr(callId(call));
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.SERVER);
        }
    }

    @Test
    void aSessionRefreshFromTheCallerIsAnsweredWithoutTheGateway() throws Exception {
        try (Sipp gw = gateway("gw_answer.xml", gwA)) { // a re-INVITE would be unexpected there: SIPp would fail
            Calls.Call call = callBob();
            Response ok = call.answer(WAIT);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            Response refreshed = call.reInvite(Calls.OFFER); // the same description: a refresh
            assertThat(refreshed.getStatusCode()).isEqualTo(200);
            assertThat(refreshed.getRawContent()).isEqualTo(ok.getRawContent());
            call.bye();
            assertThat(gw.exitCode()).as(gw::output).isZero();
        }
    }

    @Test
    void anAdministratorSeesAndHangsUpACall() throws Exception {
        try (Sipp gw = gateway("gw_answer.xml", gwA)) {
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ParloirServer.ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            String base = "http://127.0.0.1:" + server.managementPort() + "/actuator/calls";
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization",
                    auth).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains(callId(call)).contains("\"state\":\"answered\"")
                    .contains("\"gateway\":\"gw-a\"");
            String id = list.body().replaceAll("(?s).*\"id\":\"([^\"]+)\",\"callId\":\"" + java.util.regex.Pattern
                    .quote(callId(call)) + "\".*", "$1");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> hangup = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id))
                    .header("Authorization", auth).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(hangup.statusCode()).isBetween(200, 204);
            RequestEvent bye = caller.awaitRequest(Request.BYE, WAIT);
            caller.respond(bye, null, 200, null);
            assertThat(gw.exitCode()).as(gw::output).isZero(); // the gateway got its BYE too
            CallDetail cdr = cdr(callId(call));
            assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.SERVER);
            assertThat(cdr.endTime()).isBefore(Instant.now().plusSeconds(1));
        }
    }

    @Test
    void callAttemptsAndAnswersAreCountedPerRouteAndGateway() throws Exception {
        var registry = server.bean(io.micrometer.core.instrument.MeterRegistry.class);
        try (Sipp gw = gateway("gw_answer.xml", gwA)) {
            double before = count(registry, "parloir.sip.calls.answered");
            Calls.Call call = callBob();
            assertThat(call.answer(WAIT).getStatusCode()).isEqualTo(200);
            call.bye();
            assertThat(gw.exitCode()).as(gw::output).isZero();
            assertThat(count(registry, "parloir.sip.calls.answered")).isEqualTo(before + 1);
            assertThat(registry.get("parloir.sip.calls.asr").tag("route", "directory").tag("gateway", "gw-a")
                    .gauge().value()).isBetween(0.0, 1.0);
        }
    }

    private static double count(io.micrometer.core.instrument.MeterRegistry registry, String name) {
        var c = registry.find(name).tag("route", "directory").tag("gateway", "gw-a").counter();
        return c == null ? 0 : c.count();
    }
}

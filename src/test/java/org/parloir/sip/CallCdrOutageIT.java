package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.CallIdHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.cdr.api.HangupParty;
import org.parloir.testing.Calls;
import org.parloir.testing.GatewaySpec;
import org.parloir.testing.OutageDatabase;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.Sipp;

/**
 * Calls go on while the database is down, and their CDRs are not lost: answered and refused calls placed through a
 * SIPp gateway during a PostgreSQL outage are spooled and land in the database, complete and once, when it is back.
 */
class CallCdrOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    static OutageDatabase db;
    static ParloirServer server;
    static int gw;

    @BeforeAll
    static void start() {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        db = OutageDatabase.create();
        server = new ParloirServer(work.resolve("data")).with(db.parloirProperties())
                .with("parloir.cdr.replay-interval", "300ms")
                .region("FR").routingMode("phone").gateway(GatewaySpec.gateway())
                .start();
        gw = server.gatewayPort(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void callRecordsTakenDuringAnOutageReachTheDatabaseOnceItIsBack() throws Exception {
        db.stop();
        List<String> answered = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try (SipUa caller = new SipUa("outage")) {
            for (int i = 0; i < 3; i++) {
                try (Sipp gateway = Sipp.start(work.resolve("gw-" + i), "gw_answer.xml", gw, "-m", "1")) {
                    Calls.Call call = Calls.invite(caller, "sip:bob@example.org", "someone@far.example.net",
                            server.sipHostPort());
                    assertThat(call.answer(Duration.ofSeconds(15)).getStatusCode()).isEqualTo(200);
                    call.bye();
                    assertThat(gateway.exitCode()).as(gateway::output).isZero();
                    answered.add(callId(call));
                }
                Calls.Call unknown = Calls.invite(caller, "sip:nobody" + i + "@example.org",
                        "someone@far.example.net", server.sipHostPort());
                assertThat(unknown.answer(Duration.ofSeconds(15)).getStatusCode()).isEqualTo(404);
                refused.add(callId(unknown));
            }
        }
        db.start();
        CdrQuery query = server.bean(CdrQuery.class);
        List<CallDetail> stored = await().atMost(WAIT).ignoreExceptions().until(
                () -> query.find(null, null, null, null, 0, 500).records(), l -> l.size() >= 6);
        assertThat(stored).hasSize(6);
        assertThat(stored).extracting(CallDetail::callId).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(answered.stream(), refused.stream()).toList());
        assertThat(stored).filteredOn(c -> answered.contains(c.callId())).allSatisfy(c -> {
            assertThat(c.route()).isEqualTo(CallRoute.DIRECTORY);
            assertThat(c.translatedNumber()).isEqualTo("+33139635622");
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.hungUpBy()).isEqualTo(HangupParty.CALLER);
            assertThat(c.answerTime()).isNotNull();
            assertThat(c.endTime()).isNotNull();
        });
        assertThat(stored).filteredOn(c -> refused.contains(c.callId())).allSatisfy(c ->
                assertThat(c.status()).isEqualTo(404));
    }

    private static String callId(Calls.Call call) {
        return ((CallIdHeader) call.invite.getHeader(CallIdHeader.NAME)).getCallId();
    }
}

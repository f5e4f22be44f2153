package org.parloir.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.cdr.api.HangupParty;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.ParloirServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real application on H2: records taken by the recorder bean are listed by {@code /actuator/cdrs}. */
class CdrIT {

    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    static final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    static Path data;
    static ParloirServer server;
    static AdminHttp admin;

    @BeforeAll
    static void start() {
        server = new ParloirServer(data).start();
        admin = new AdminHttp(server);
        CdrRecorder recorder = server.bean(CdrRecorder.class);
        // alice calls France three times (one unanswered), bob calls the UK twice, carol calls bob locally
        recorder.record(call("a1", "alice", "+33123456781", 0, 60));
        recorder.record(call("a2", "alice", "+33123456782", 600, 0));
        recorder.record(call("a3", "alice", "+33123456783", 3600, 125));
        recorder.record(call("b1", "bob", "+441234567891", 1200, 30));
        recorder.record(call("b2", "bob", "+441234567892", 7200, 10));
        recorder.record(new CallDetail("c1", "sip:carol@example.org", "carol@example.org", "sip:bob@example.org",
                null, CallRoute.LOCAL, null, T0.plusSeconds(1800), null, T0.plusSeconds(1810), 486,
                HangupParty.CALLEE, null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static CallDetail call(String id, String user, String number, int startSecond, int talkSeconds) {
        Instant start = T0.plusSeconds(startSecond);
        Instant answer = talkSeconds == 0 ? null : start.plusSeconds(3);
        Instant end = answer == null ? start.plusSeconds(20) : answer.plusSeconds(talkSeconds);
        return new CallDetail(id, "sip:" + user + "@example.org", user + "@example.org",
                "sip:" + number + "@example.org", number, CallRoute.PSTN, "trunk-a", start, answer, end,
                answer == null ? 487 : 200, answer == null ? HangupParty.CALLER : HangupParty.CALLEE, "acct-" + id);
    }

    private static JsonNode page(String query) throws Exception {
        return json.readTree(admin.get("/actuator/cdrs" + query));
    }

    private static List<String> callIds(JsonNode page) {
        return page.get("records").valueStream().map(r -> r.get("callId").asString()).toList();
    }

    @Test
    void everyRecordIsListedNewestFirstWithItsFields() throws Exception {
        await().until(() -> page("").get("total").asLong() == 6);
        JsonNode all = page("");
        assertThat(callIds(all)).containsExactly("b2", "a3", "c1", "b1", "a2", "a1");
        JsonNode a3 = all.get("records").get(1);
        assertThat(a3.get("callerAor").asString()).isEqualTo("sip:alice@example.org");
        assertThat(a3.get("callerIdentity").asString()).isEqualTo("alice@example.org");
        assertThat(a3.get("translatedNumber").asString()).isEqualTo("+33123456783");
        assertThat(a3.get("route").asString()).isEqualTo("PSTN");
        assertThat(a3.get("gateway").asString()).isEqualTo("trunk-a");
        assertThat(Instant.parse(a3.get("startTime").asString())).isEqualTo(T0.plusSeconds(3600));
        assertThat(a3.get("durationSeconds").asLong()).isEqualTo(125);
        assertThat(a3.get("status").asInt()).isEqualTo(200);
        assertThat(a3.get("hungUpBy").asString()).isEqualTo("CALLEE");
        assertThat(a3.get("radiusSessionId").asString()).isEqualTo("acct-a3");
        JsonNode c1 = all.get("records").get(2);
        assertThat(c1.get("answerTime").isNull()).isTrue();
        assertThat(c1.get("durationSeconds").asLong()).isZero();
    }

    @Test
    void filtersByUserNumberAndTime() throws Exception {
        await().until(() -> page("").get("total").asLong() == 6);
        assertThat(callIds(page("?user=ALICE"))).containsExactly("a3", "a2", "a1");
        assertThat(callIds(page("?user=carol@example.org"))).containsExactly("c1");
        assertThat(callIds(page("?number=%2B44"))).containsExactly("b2", "b1");
        assertThat(callIds(page("?number=sip:bob@"))).containsExactly("c1");
        assertThat(callIds(page("?number=%25"))).isEmpty(); // a wildcard is a plain character
        assertThat(callIds(page("?from=" + T0.plusSeconds(600) + "&to=" + T0.plusSeconds(3600))))
                .containsExactly("c1", "b1", "a2");
        assertThat(callIds(page("?user=alice&number=%2B33&from=" + T0.plusSeconds(1)))).containsExactly("a3", "a2");
    }

    @Test
    void pagesAreCutAndTheirSizeCapped() throws Exception {
        await().until(() -> page("").get("total").asLong() == 6);
        JsonNode second = page("?page=1&size=2");
        assertThat(callIds(second)).containsExactly("c1", "b1");
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("size").asInt()).isEqualTo(2);
        assertThat(second.get("total").asLong()).isEqualTo(6);
        assertThat(callIds(page("?page=3&size=2"))).isEmpty();
        assertThat(page("?size=100000").get("size").asInt()).isEqualTo(500);
    }

    @Test
    void onlyTheAdministratorReadsThem() throws Exception {
        assertThat(admin.get("/actuator/cdrs", null).statusCode()).isEqualTo(401);
        assertThat(admin.get("/actuator/cdrs?user=alice", "wrong").statusCode()).isEqualTo(401);
        assertThat(admin.get("/actuator/cdrs?from=yesterday", ParloirServer.ADMIN_PASSWORD).statusCode())
                .isEqualTo(400);
    }

    @Test
    void theWriterShowsItsMeters() throws Exception {
        await().until(() -> page("").get("total").asLong() == 6);
        assertThat(admin.get("/actuator/prometheus")).contains("parloir_cdr_queue ")
                .contains("parloir_cdr_queue_limit 10000").contains("parloir_cdr_spooled ")
                .contains("parloir_cdr_written_total 6").contains("parloir_cdr_spool_writes_total 0")
                .contains("parloir_cdr_failures_total 0");
    }
}

package org.parloir.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.OutageDatabase;
import org.parloir.testing.ParloirServer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real database outage: the application runs on PostgreSQL (the {@code postgres} profile, Flyway V1..V5), the
 * server is stopped under it, and every record taken meanwhile reaches the database once it is back: none lost,
 * none twice, also when the application itself is restarted in between.
 */
class CdrOutageIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path data;
    static OutageDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = OutageDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void databaseUp() {
        db.start();
    }

    private static ParloirServer server(Path dir) {
        return new ParloirServer(dir).with(db.parloirProperties()).with("parloir.cdr.replay-interval", "300ms");
    }

    private static List<String> record(CdrRecorder recorder, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, count).forEach(n -> {
            // the prefix is the caller too, so that the admin endpoint can pick one group out
            CallDetail call = Cdrs.call(n, prefix + "-" + n, prefix);
            ids.add(call.callId());
            recorder.record(call);
        });
        return ids;
    }

    /** Call ids stored with that prefix, one entry per row (a duplicate shows twice). */
    private static List<String> stored(String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), OutageDatabase.USER, "");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT call_id FROM cdr WHERE call_id LIKE '" + prefix + "-%'")) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private static double spooled(ParloirServer server) {
        return server.bean(MeterRegistry.class).get("parloir.cdr.spooled").gauge().value();
    }

    @Test
    void recordsTakenDuringAnOutageAreWrittenOnceTheDatabaseIsBack() throws Exception {
        try (ParloirServer server = server(data.resolve("live")).start()) {
            CdrRecorder recorder = server.bean(CdrRecorder.class);
            List<String> before = record(recorder, "before", 20);
            await().atMost(PATIENCE).until(() -> stored("before").size() == 20);

            db.stop();
            List<String> during = record(recorder, "during", 50);
            await().atMost(PATIENCE).until(() -> spooled(server) == 50);

            db.start();
            await().atMost(PATIENCE).until(() -> spooled(server) == 0 && stored("during").size() == 50);
            List<String> after = record(recorder, "after", 10);
            await().atMost(PATIENCE).until(() -> stored("after").size() == 10);

            assertThat(stored("before")).containsExactlyInAnyOrderElementsOf(before);
            assertThat(stored("during")).containsExactlyInAnyOrderElementsOf(during);
            assertThat(stored("after")).containsExactlyInAnyOrderElementsOf(after);
            assertThat(server.bean(MeterRegistry.class).get("parloir.cdr.failures").counter().count()).isPositive();
            assertThat(new AdminHttp(server).get("/actuator/cdrs?user=during@example.org&size=1"))
                    .contains("\"total\":50");
        }
    }

    @Test
    void aBatchReplayedAfterItsCommitInsertsOnlyWhatIsMissing() throws Exception {
        try (ParloirServer server = server(data.resolve("replay")).start()) {
            JpaCdrStore store = new JpaCdrStore(server.bean(CdrRepository.class),
                    new TransactionTemplate(server.bean(PlatformTransactionManager.class)));
            List<CdrRecord> first = IntStream.range(0, 3).mapToObj(n -> CdrRecord.take(
                    Cdrs.call(n, "replay-" + n, "replay"))).toList();
            assertThat(store.insertAbsent(first)).isEqualTo(3);
            List<CdrRecord> again = new ArrayList<>(first);
            again.add(CdrRecord.take(Cdrs.call(3, "replay-3", "replay")));
            again.add(first.getFirst()); // twice in one batch, too
            assertThat(store.insertAbsent(again)).isEqualTo(1);
            assertThat(stored("replay")).containsExactlyInAnyOrder("replay-0", "replay-1", "replay-2", "replay-3");
        }
    }

    @Test
    void theSpoolOutlivesARestartOfTheApplicationDuringTheOutage() throws Exception {
        Path dir = data.resolve("restart");
        List<String> during;
        try (ParloirServer first = server(dir).start()) {
            db.stop();
            during = record(first.bean(CdrRecorder.class), "restart", 30);
        } // stopped while the database is down: what was queued goes to the spool
        assertThat(new CdrSpool(dir.resolve("cdr-spool"), Long.MAX_VALUE).pending()).isEqualTo(30);

        db.start(); // Flyway needs the database to start the application
        try (ParloirServer second = server(dir).start()) {
            await().atMost(PATIENCE).until(() -> spooled(second) == 0 && stored("restart").size() == 30);
            assertThat(stored("restart")).containsExactlyInAnyOrderElementsOf(during);
        }
    }
}

package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import javax.sip.ClientTransaction;
import javax.sip.header.ContactHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 9, "nothing acknowledged is ever lost": the 200 to a REGISTER that changes bindings goes out only once
 * the change is committed. The database is made unable to commit by renaming the binding table away.
 */
class RegistrarDurabilityIT {

    private static final Duration DURABLE_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path data;
    static ParloirServer server;
    static SipUa ua;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws Exception {
        server = new ParloirServer(data)
                .with("parloir.sip.registrar.durable-timeout", DURABLE_TIMEOUT.toMillis() + "ms")
                .start();
        ua = new SipUa("phone");
        jdbc = server.bean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        ua.close();
        server.close();
    }

    @AfterEach
    void databaseBack() {
        if (tableAway()) {
            jdbc.execute("ALTER TABLE sip_binding_away RENAME TO sip_binding");
        }
    }

    private static boolean tableAway() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE LOWER(table_name) = 'sip_binding_away'", Integer.class) > 0;
    }

    private static void databaseCannotCommit() {
        jdbc.execute("ALTER TABLE sip_binding RENAME TO sip_binding_away");
    }

    private static int rows(String aor) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sip_binding WHERE aor = ?", Integer.class, aor);
    }

    /** The REGISTER answering the 401 to a first one, ready to send. */
    private static Request authenticated(String user, String password, int expires) throws Exception {
        Request first = ua.request(Request.REGISTER, "sip:example.org", user + "@example.org",
                user + "@example.org", null);
        first.addHeader(ua.headers.createExpiresHeader(expires));
        ua.routeTo(first, server.sipHostPort());
        Response challenge = ua.sendAndAwait(first);
        assertThat(challenge.getStatusCode()).isEqualTo(401);
        Request again = ua.next(first);
        ua.digest.answer(again, challenge, user, password, "MD5", 1, null);
        return again;
    }

    private static boolean answered(ClientTransaction ct) {
        return ua.responses.stream().anyMatch(e -> e.getClientTransaction() == ct
                && e.getResponse().getStatusCode() >= 200);
    }

    @Test
    void theOkOfARegistrationFindsItsRowCommitted() throws Exception {
        Response ok = ua.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort());
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(rows("bob@example.org")).isEqualTo(1);

        Response gone = ua.register("bob", "example.org", "bob-secret", "MD5", 0, server.sipHostPort());
        assertThat(gone.getStatusCode()).isEqualTo(200);
        assertThat(rows("bob@example.org")).isZero();
    }

    @Test
    void theOkWaitsUntilTheDatabaseCanCommit() throws Exception {
        Request register = authenticated("alice", "alice-secret", 600);
        databaseCannotCommit();
        ClientTransaction ct = ua.send(register);
        LocationService location = server.bean(LocationService.class);
        // applied in memory (the proxy routes to it) but not durable: no answer yet
        await().atMost(Duration.ofSeconds(10)).until(() -> !location.lookup("alice@example.org").isEmpty());
        assertThat(answered(ct)).isFalse();

        jdbc.execute("ALTER TABLE sip_binding_away RENAME TO sip_binding");
        Response ok = ua.awaitFinal(ct, Duration.ofSeconds(10));
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(rows("alice@example.org")).isEqualTo(1);
        ua.register("alice", "example.org", "alice-secret", "MD5", 0, server.sipHostPort());
    }

    @Test
    void aChangeNotCommittedInTimeGets500WithRetryAfterAndIsWrittenLater() throws Exception {
        Request register = authenticated("carol.martin", "carol-secret", 600);
        databaseCannotCommit();
        Response refused = ua.awaitFinal(ua.send(register), DURABLE_TIMEOUT.plusSeconds(10));
        assertThat(refused.getStatusCode()).isEqualTo(500);
        assertThat(((RetryAfterHeader) refused.getHeader(RetryAfterHeader.NAME)).getRetryAfter()).isPositive();
        // kept in memory, written once the database is back
        assertThat(server.bean(LocationService.class).lookup("carol.martin@example.org")).hasSize(1);
        jdbc.execute("ALTER TABLE sip_binding_away RENAME TO sip_binding");
        await().atMost(Duration.ofSeconds(15)).until(() -> rows("carol.martin@example.org") == 1);
        ua.register("carol.martin", "example.org", "carol-secret", "MD5", 0, server.sipHostPort());
    }

    @Test
    void aFetchOnlyRegisterIsAnsweredAtOnceEvenWithoutADatabase() throws Exception {
        Request fetch = authenticated("bob", "bob-secret", 600);
        fetch.removeHeader(ContactHeader.NAME);
        databaseCannotCommit();
        // had it waited for a commit, it would get the 500 of the durable timeout
        Response ok = ua.awaitFinal(ua.send(fetch), DURABLE_TIMEOUT.plusSeconds(10));
        assertThat(ok.getStatusCode()).isEqualTo(200);
    }
}

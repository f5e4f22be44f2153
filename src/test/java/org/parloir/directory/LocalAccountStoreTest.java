package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parloir.core.DomainsProperties;
import org.parloir.core.DomainsProperties.AccountStore;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration.Outcome;
import org.parloir.directory.api.DirectoryUnavailableException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Local accounts against a real database: in-memory H2 with the Flyway migrations applied. */
class LocalAccountStoreTest implements AccountStoreContract {

    private static final String DOMAIN = "local.test";
    private static final String REALM = "Local Accounts";

    private JdbcTemplate jdbc;
    private ThreadPoolExecutor executor;
    private LocalAccountStore store;

    @BeforeEach
    void setUp() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:accounts-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = new JdbcTemplate(ds);
        executor = new ThreadPoolExecutor(4, 4, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100));
        store = store(new BoundedCalls("account store", executor, Duration.ofSeconds(5)));
    }

    private LocalAccountStore store(BoundedCalls calls) {
        DomainsProperties domains = new DomainsProperties(List.of(
                new DomainsProperties.Domain("example.org", null, "ou=people,dc=example,dc=org"),
                new DomainsProperties.Domain(DOMAIN, REALM, null, AccountStore.LOCAL)));
        return new LocalAccountStore(new AccountTable(jdbc), domains, 4096, calls,
                new VerifiedPasswords(Duration.ofMinutes(10), 1000, new SecureRandom()), new SecureRandom(),
                System::currentTimeMillis);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Override
    @SuppressWarnings("unchecked")
    public LocalAccountStore accounts() {
        return store;
    }

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public String realm() {
        return REALM;
    }

    @Test
    void directoryDomainsAreNotLocal() throws Exception {
        assertThat(store.writable("example.org")).isFalse();
        assertThat(store.register(new UserAddress("zoe", "example.org"), "zoe-secret").toCompletableFuture().get())
                .isEqualTo(Outcome.NOT_ALLOWED);
    }

    @Test
    void theLocalPartKeepsItsLetterCaseButIsFoundInAny() throws Exception {
        UserAddress mixed = new UserAddress("Marie.Curie", DOMAIN);
        assertThat(store.register(mixed, "polonium").toCompletableFuture().get()).isEqualTo(Outcome.CREATED);
        UserAddress lower = new UserAddress("marie.curie", DOMAIN);
        assertThat(store.findUser(lower).toCompletableFuture().get())
                .hasValueSatisfying(u -> assertThat(u.uid()).isEqualTo("Marie.Curie"));
        assertThat(store.verifyPassword(lower, "polonium").toCompletableFuture().get()).isTrue();
        assertThat(jdbc.queryForObject("SELECT local_key FROM account WHERE local_part = 'Marie.Curie'",
                String.class)).isEqualTo("marie.curie");
    }

    @Test
    void onlySaltedFormsOfThePasswordAreStored() throws Exception {
        store.register(new UserAddress("oscar", DOMAIN), "oscar-plaintext").toCompletableFuture().get();
        String row = jdbc.queryForList("SELECT * FROM account WHERE local_key = 'oscar'").toString();
        assertThat(row).doesNotContain("oscar-plaintext");
    }

    @Test
    void passwordsAreSaslPreparedForScram() throws Exception {
        // RFC 4013 §3: SOFT HYPHEN maps to nothing, NO-BREAK SPACE to SPACE
        UserAddress pat = new UserAddress("pat", DOMAIN);
        store.register(pat, "I\u00ADX\u00A0y").toCompletableFuture().get();
        assertThat(store.verifyPassword(pat, "IX y").toCompletableFuture().get()).isTrue();
        assertThatThrownBy(() -> store.register(new UserAddress("quentin", DOMAIN), "bell\u0007")
                .toCompletableFuture().get()).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullQueueIsUnavailableNotAWrongPassword() {
        ThreadPoolExecutor full = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        try {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            full.execute(() -> awaitQuietly(release));
            full.execute(() -> { });
            LocalAccountStore busy = store(new BoundedCalls("account store", full, Duration.ofSeconds(5)));
            assertThatThrownBy(() -> busy.verifyPassword(new UserAddress("rita", DOMAIN), "x").toCompletableFuture()
                    .get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(DirectoryUnavailableException.class);
            release.countDown();
        } finally {
            full.shutdownNow();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

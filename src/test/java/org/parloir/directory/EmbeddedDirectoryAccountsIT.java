package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.naming.directory.BasicAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parloir.core.DomainsProperties;
import org.parloir.core.DomainsProperties.AccountStore;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration.Outcome;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.DirectoryUnavailableException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.core.support.LdapContextSource;

/**
 * Accounts of a directory domain against a real LDAP server on loopback (the embedded UnboundID one with the seed
 * file): passwords checked by binding as the person, registration written as the embedded administrator.
 */
class EmbeddedDirectoryAccountsIT implements AccountStoreContract {

    private static final String REALM = "Example Realm";

    private EmbeddedLdapServer server;
    private ExecutorService executor;
    private LdapContextSource source;
    private LdapUserDirectory directory;
    private DomainsProperties domains;
    private LdapAccounts accounts;
    private DirectoryProperties props;
    private JdbcTemplate database;

    @BeforeEach
    void setUp() {
        database = TestJournals.database();
        start();
    }

    /** The embedded server and the accounts over it, on the test's database (a second call: a restart). */
    private void start() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "parloir.ldap.embedded.port", "0", "parloir.ldap.timeout", "2s")));
        props = binder.bindOrCreate("parloir.ldap", DirectoryProperties.class);
        server = new EmbeddedLdapServer(props.embedded(), props.mapping(),
                new DirectoryJournal(database, System::currentTimeMillis));
        source = new LdapContextSource();
        source.setUrl(server.url());
        source.setAnonymousReadOnly(true);
        source.afterPropertiesSet();
        LdapContextSource admin = new LdapContextSource();
        admin.setUrl(server.url());
        admin.setUserDn(EmbeddedLdapServer.ADMIN_DN);
        admin.setPassword(server.adminPassword());
        admin.afterPropertiesSet();
        executor = Executors.newFixedThreadPool(4);
        domains = new DomainsProperties(List.of(
                new DomainsProperties.Domain("example.org", REALM, "ou=people,dc=example,dc=org"),
                new DomainsProperties.Domain("local.test", null, null, AccountStore.LOCAL)));
        directory = new LdapUserDirectory(new LdapTemplate(source), domains, props, executor);
        LdapAccountWriter writer = new LdapAccountWriter(new LdapTemplate(admin), props.mapping(), new SecureRandom(),
                server);
        accounts = accounts(writer);
    }

    private LdapAccounts accounts(LdapAccountWriter writer) {
        return new LdapAccounts(directory, source, writer, domains,
                new BoundedCalls("directory", executor, Duration.ofSeconds(2)),
                new VerifiedPasswords(Duration.ofMinutes(10), 100, new SecureRandom()));
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        server.close();
    }

    @Override
    @SuppressWarnings("unchecked")
    public LdapAccounts accounts() {
        return accounts;
    }

    @Override
    public String domain() {
        return "example.org";
    }

    @Override
    public String realm() {
        return REALM;
    }

    private boolean verify(String address, String password) throws Exception {
        return accounts.verifyPassword(UserAddress.parse(address), password).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void seedPeopleLogInWithTheirDirectoryPasswordHashedOrClear() throws Exception {
        assertThat(verify("alice@example.org", "alice-secret")).isTrue();  // {SSHA}
        assertThat(verify("bob@example.org", "bob-secret")).isTrue();      // clear text
        assertThat(verify("alice@example.org", "bob-secret")).isFalse();
        assertThat(verify("carol.martin@example.org", "")).isFalse();
    }

    @Test
    void aVerifiedPasswordIsAcceptedWithoutBindingAgainButAnotherOneStillBinds() throws Exception {
        assertThat(verify("alice@example.org", "alice-secret")).isTrue();
        server.close();
        // the entry is cached and the password remembered: no bind needed
        assertThat(verify("alice@example.org", "alice-secret")).isTrue();
        // any other password goes to the directory, which is gone: unavailable, not "wrong"
        assertThatThrownBy(() -> verify("alice@example.org", "new-password"))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void aSeedEntryWithoutTheSipAccountClassGetsHa1OnPasswordChange() throws Exception {
        UserAddress bob = new UserAddress("bob", "example.org");
        assertThat(accounts.changePassword(bob, "bob-new").toCompletableFuture().get()).isTrue();
        assertThat(verify("bob@example.org", "bob-secret")).isFalse();
        assertThat(verify("bob@example.org", "bob-new")).isTrue();
        assertThat(accounts.sipCredentials(bob).toCompletableFuture().get()).hasValueSatisfying(c -> {
            assertThat(c.password()).isNull();  // now {SSHA}
            assertThat(c.ha1Md5()).isEqualTo(DigestHa1.of("bob", REALM, "bob-new").md5());
        });
    }

    @Test
    void registrationsAndPasswordChangesSurviveARestart() throws Exception {
        assertThat(accounts.register(new UserAddress("zed", "example.org"), "zed-secret").toCompletableFuture()
                .get()).isEqualTo(Outcome.CREATED);
        assertThat(accounts.changePassword(new UserAddress("bob", "example.org"), "bob-new").toCompletableFuture()
                .get()).isTrue();
        // a new process on the same database: the in-memory directory is seeded again, then the writes laid over
        tearDown();
        start();
        assertThat(verify("zed@example.org", "zed-secret")).isTrue();
        assertThat(verify("bob@example.org", "bob-new")).isTrue();
        assertThat(verify("bob@example.org", "bob-secret")).isFalse();
        assertThat(verify("alice@example.org", "alice-secret")).isTrue();
        assertThat(accounts.sipCredentials(new UserAddress("zed", "example.org")).toCompletableFuture().get())
                .hasValueSatisfying(c -> assertThat(c.ha1Md5()).isEqualTo(DigestHa1.of("zed", REALM, "zed-secret")
                        .md5()));
        assertThat(accounts.register(new UserAddress("zed", "example.org"), "other").toCompletableFuture().get())
                .isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void removalsSurviveARestartEvenOfSeedEntries() throws Exception {
        assertThat(accounts.register(new UserAddress("zoe", "example.org"), "zoe-secret").toCompletableFuture()
                .get()).isEqualTo(Outcome.CREATED);
        assertThat(accounts.remove(new UserAddress("zoe", "example.org")).toCompletableFuture().get())
                .isEqualTo(AccountRemoval.Result.REMOVED);
        // bob comes from the seed file, which is read again at every start
        assertThat(accounts.remove(new UserAddress("bob", "example.org")).toCompletableFuture().get())
                .isEqualTo(AccountRemoval.Result.REMOVED);
        // the tombstones keep nothing of the entries
        assertThat(database.queryForList("SELECT ldif FROM embedded_directory_entry WHERE removed", String.class))
                .hasSize(2).allMatch(String::isEmpty);
        tearDown();
        start();
        assertThat(verify("bob@example.org", "bob-secret")).isFalse();
        assertThat(accounts.findUser(new UserAddress("bob", "example.org")).toCompletableFuture().get()).isEmpty();
        assertThat(accounts.findUser(new UserAddress("zoe", "example.org")).toCompletableFuture().get()).isEmpty();
        assertThat(verify("alice@example.org", "alice-secret")).isTrue();
        // the name can be registered again, and that survives a restart too
        assertThat(accounts.register(new UserAddress("bob", "example.org"), "bob-again").toCompletableFuture()
                .get()).isEqualTo(Outcome.CREATED);
        tearDown();
        start();
        assertThat(verify("bob@example.org", "bob-again")).isTrue();
    }

    @Test
    void aRemovalTheDatabaseCannotKeepIsUndone() throws Exception {
        database.execute("DROP TABLE embedded_directory_entry");
        assertThatThrownBy(() -> accounts.remove(new UserAddress("bob", "example.org")).toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class);
        assertThat(verify("bob@example.org", "bob-secret")).isTrue();
    }

    @Test
    void aWriteTheDatabaseCannotKeepIsUndoneAndNotAnsweredDone() throws Exception {
        assertThat(accounts.changePassword(new UserAddress("bob", "example.org"), "bob-new").toCompletableFuture()
                .get()).isTrue();
        database.execute("DROP TABLE embedded_directory_entry");
        assertThatThrownBy(() -> accounts.register(new UserAddress("yan", "example.org"), "yan-secret")
                .toCompletableFuture().get()).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> accounts.changePassword(new UserAddress("bob", "example.org"), "bob-newer")
                .toCompletableFuture().get()).isInstanceOf(ExecutionException.class);
        // neither write is left in the directory
        assertThat(accounts.findUser(new UserAddress("yan", "example.org")).toCompletableFuture().get()).isEmpty();
        assertThat(verify("bob@example.org", "bob-newer")).isFalse();
        assertThat(verify("bob@example.org", "bob-new")).isTrue();
    }

    @Test
    void anExistingMailConflictsEvenUnderAnotherUid() throws Exception {
        // carol.martin@example.org exists as uid=carol.martin; a registration of the same address conflicts
        assertThat(accounts.register(new UserAddress("Carol.Martin", "example.org"), "x").toCompletableFuture()
                .get()).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void anExternalDirectoryIsReadOnly() throws Exception {
        LdapAccounts readOnly = accounts(null);
        assertThat(readOnly.writable("example.org")).isFalse();
        assertThat(readOnly.register(new UserAddress("newbie", "example.org"), "newbie-secret")
                .toCompletableFuture().get()).isEqualTo(Outcome.NOT_ALLOWED);
        assertThat(readOnly.changePassword(new UserAddress("bob", "example.org"), "x").toCompletableFuture().get())
                .isFalse();
        assertThat(readOnly.removable("example.org")).isFalse();
        assertThat(readOnly.remove(new UserAddress("bob", "example.org")).toCompletableFuture().get())
                .isEqualTo(AccountRemoval.Result.NOT_ALLOWED);
        // it still checks passwords
        assertThat(readOnly.verifyPassword(new UserAddress("bob", "example.org"), "bob-secret")
                .toCompletableFuture().get()).isTrue();
    }

    @Test
    void theEmbeddedDirectoryRefusesAnonymousWrites() {
        LdapTemplate anonymous = new LdapTemplate(source);
        BasicAttributes attrs = new BasicAttributes("objectClass", "organizationalUnit");
        attrs.put("ou", "intruders");
        assertThatThrownBy(() -> anonymous.bind("ou=intruders,dc=example,dc=org", null, attrs))
                .isInstanceOf(org.springframework.ldap.NamingException.class);
    }

    @Test
    void localDomainsAreNotTheDirectorys() throws Exception {
        assertThat(accounts.writable("local.test")).isFalse();
        assertThat(accounts.register(new UserAddress("x", "local.test"), "x").toCompletableFuture().get())
                .isEqualTo(Outcome.NOT_ALLOWED);
    }
}

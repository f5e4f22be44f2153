package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.DirectoryUnavailableException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.core.support.LdapContextSource;

/** The LDAP backend against a real LDAP server on loopback (the embedded UnboundID one with the seed file). */
class LdapUserDirectoryIT implements UserDirectoryContract {

    private EmbeddedLdapServer server;
    private LdapUserDirectory directory;
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        Binder binder = new Binder(new MapConfigurationPropertySource(java.util.Map.of(
                "parloir.ldap.embedded.port", "0", "parloir.ldap.timeout", "1s")));
        DirectoryProperties props = binder.bindOrCreate("parloir.ldap", DirectoryProperties.class);
        server = new EmbeddedLdapServer(props.embedded(), props.mapping(), TestJournals.journal());
        LdapContextSource source = new LdapContextSource();
        source.setUrl(server.url());
        source.setAnonymousReadOnly(true);
        source.afterPropertiesSet();
        executor = Executors.newFixedThreadPool(2);
        DomainsProperties domains = new DomainsProperties(List.of(
                new DomainsProperties.Domain("example.org", null, "ou=people,dc=example,dc=org")));
        directory = new LdapUserDirectory(new LdapTemplate(source), domains, props, executor);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        server.close();
    }

    @Override
    @SuppressWarnings("unchecked")
    public LdapUserDirectory testee() {
        return directory;
    }

    @Test
    void aDirectoryThatIsGoneIsReportedAsUnavailableNotAsAbsence() {
        server.close();
        assertThatThrownBy(() -> directory.findUser(new UserAddress("bob", "example.org")).toCompletableFuture()
                .get()).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void answersAreCachedSoTheDirectoryIsAskedOnce() throws Exception {
        UserAddress bob = new UserAddress("bob", "example.org");
        assertThat(directory.findUser(bob).toCompletableFuture().get()).isPresent();
        server.close();
        // within the TTL the cached answer serves, though the server is gone
        assertThat(directory.findUser(bob).toCompletableFuture().get(2, java.util.concurrent.TimeUnit.SECONDS))
                .isPresent();
    }
}

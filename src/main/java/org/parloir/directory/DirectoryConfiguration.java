package org.parloir.directory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.parloir.core.DomainsProperties;
import org.parloir.core.Listener;
import org.parloir.core.ListenerSource;
import org.parloir.directory.spi.AccountRemovalListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.core.support.LdapContextSource;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Wires the directory and the accounts: the embedded LDAP server when no URL is configured, the LDAP client and its
 * cache, local accounts in the database, and {@link DomainAccounts}, the only bean implementing the account SPIs.
 */
@Configuration(proxyBeanMethods = false)
public class DirectoryConfiguration {

    /** The embedded server when no URL is configured; its writes are kept in the database (Flyway has run). */
    @Bean(destroyMethod = "close")
    EmbeddedLdapServerHolder embeddedLdapServer(DirectoryProperties props, JdbcTemplate jdbc) {
        return new EmbeddedLdapServerHolder(props.useEmbedded() ? new EmbeddedLdapServer(props.embedded(),
                props.mapping(), new DirectoryJournal(jdbc, System::currentTimeMillis)) : null);
    }

    @Bean
    ListenerSource embeddedLdapListener(EmbeddedLdapServerHolder embedded) {
        return () -> embedded.server() == null ? List.of()
                : List.of(new Listener("LDAP", "tcp", "127.0.0.1", embedded.server().port(), "embedded directory"));
    }

    @Bean
    LdapContextSource parloirLdapContextSource(DirectoryProperties props, EmbeddedLdapServerHolder embedded) {
        LdapContextSource source = new LdapContextSource();
        source.setUrl(embedded.server() != null ? embedded.server().url() : props.url());
        if (props.bindDn() != null && !props.bindDn().isBlank()) {
            source.setUserDn(props.bindDn());
            source.setPassword(props.bindPassword() == null ? "" : props.bindPassword());
        } else {
            source.setAnonymousReadOnly(true);
        }
        source.setPooled(true);
        source.afterPropertiesSet();
        return source;
    }

    @Bean(destroyMethod = "shutdownNow")
    ThreadPoolExecutor directoryExecutor(DirectoryProperties props, ObjectProvider<MeterRegistry> meters) {
        return boundedExecutor("ldap-", props.poolSize(), props.queueSize(), meters, "parloir.directory.queue",
                "directory lookups waiting for an LDAP thread");
    }

    @Bean(destroyMethod = "shutdownNow")
    ThreadPoolExecutor accountsExecutor(AccountsProperties props, ObjectProvider<MeterRegistry> meters) {
        return boundedExecutor("accounts-", props.poolSize(), props.queueSize(), meters, "parloir.accounts.queue",
                "local-account calls (database, key derivation) waiting for a thread");
    }

    private static ThreadPoolExecutor boundedExecutor(String threadPrefix, int poolSize, int queueSize,
                                                      ObjectProvider<MeterRegistry> meters, String gauge,
                                                      String description) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(poolSize, poolSize, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueSize), new CustomizableThreadFactory(threadPrefix),
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        meters.ifAvailable(registry -> Gauge.builder(gauge, executor, e -> e.getQueue().size())
                .description(description).register(registry));
        return executor;
    }

    /**
     * The one implementation of UserDirectory, SipCredentialSource, PasswordVerifier, ScramCredentialSource,
     * AccountRegistration and AccountRemoval; the directory and local stores behind it are not beans.
     */
    @Bean
    @Primary
    DomainAccounts domainAccounts(LdapContextSource parloirLdapContextSource, EmbeddedLdapServerHolder embedded,
                                  DomainsProperties domains, DirectoryProperties props, AccountsProperties accounts,
                                  ThreadPoolExecutor directoryExecutor, ThreadPoolExecutor accountsExecutor,
                                  JdbcTemplate jdbc, ObjectProvider<MeterRegistry> meters,
                                  ObjectProvider<AccountRemovalListener> removalListeners) {
        SecureRandom random = new SecureRandom();
        VerifiedPasswords verified = new VerifiedPasswords(accounts.verifiedPasswordTtl(),
                accounts.verifiedPasswordCacheSize(), random);
        LdapUserDirectory directory = new LdapUserDirectory(new LdapTemplate(parloirLdapContextSource), domains,
                props, directoryExecutor);
        LdapAccountWriter writer = embedded.server() == null ? null
                : new LdapAccountWriter(new LdapTemplate(adminSource(embedded.server())), props.mapping(), random,
                        embedded.server());
        LdapAccounts ldap = new LdapAccounts(directory, parloirLdapContextSource, writer, domains,
                new BoundedCalls("directory", directoryExecutor, props.timeout()), verified);
        LocalAccountStore local = new LocalAccountStore(new AccountTable(jdbc), domains, accounts.scramIterations(),
                new BoundedCalls("account store", accountsExecutor, accounts.timeout()), verified, random,
                System::currentTimeMillis);
        meters.ifAvailable(registry -> {
            Gauge.builder("parloir.directory.cache.size", directory, LdapUserDirectory::cachedEntries)
                    .description("people (and absences) cached").register(registry);
            Gauge.builder("parloir.accounts.verified.cache.size", verified, VerifiedPasswords::size)
                    .description("users whose password was verified recently").register(registry);
        });
        return new DomainAccounts(domains, ldap, local,
                new RemovalListeners(() -> removalListeners.orderedStream().toList()));
    }

    /** Writes to the embedded directory bind as its administrator; rare, so not pooled. */
    private static LdapContextSource adminSource(EmbeddedLdapServer server) {
        LdapContextSource source = new LdapContextSource();
        source.setUrl(server.url());
        source.setUserDn(EmbeddedLdapServer.ADMIN_DN);
        source.setPassword(server.adminPassword());
        source.afterPropertiesSet();
        return source;
    }

    /** Null-tolerant holder so the embedded server is a bean only when it runs. */
    record EmbeddedLdapServerHolder(EmbeddedLdapServer server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}

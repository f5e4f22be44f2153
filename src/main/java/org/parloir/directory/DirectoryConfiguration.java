package org.parloir.directory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.parloir.core.DomainsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.core.support.LdapContextSource;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Wires the directory: the embedded LDAP server when no URL is configured, the LDAP client and its cache. */
@Configuration(proxyBeanMethods = false)
public class DirectoryConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedLdapServerHolder embeddedLdapServer(DirectoryProperties props) {
        return new EmbeddedLdapServerHolder(props.useEmbedded() ? new EmbeddedLdapServer(props.embedded(), props.mapping()) : null);
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
        ThreadPoolExecutor executor = new ThreadPoolExecutor(props.poolSize(), props.poolSize(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(props.queueSize()), new CustomizableThreadFactory("ldap-"),
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        meters.ifAvailable(registry -> Gauge.builder("parloir.directory.queue", executor, e -> e.getQueue().size())
                .description("directory lookups waiting for an LDAP thread").register(registry));
        return executor;
    }

    @Bean
    LdapUserDirectory ldapUserDirectory(LdapContextSource parloirLdapContextSource, DomainsProperties domains,
                                        DirectoryProperties props, ThreadPoolExecutor directoryExecutor,
                                        ObjectProvider<MeterRegistry> meters) {
        LdapUserDirectory directory = new LdapUserDirectory(new LdapTemplate(parloirLdapContextSource), domains,
                props, directoryExecutor);
        meters.ifAvailable(registry -> Gauge.builder("parloir.directory.cache.size", directory,
                LdapUserDirectory::cachedEntries).description("people (and absences) cached").register(registry));
        return directory;
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

package org.parloir.xmpp;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.core.DomainsProperties;
import org.parloir.directory.api.AccountRegistration;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.PasswordVerifier;
import org.parloir.directory.api.ScramCredentialSource;
import org.parloir.tls.api.TlsMaterial;
import org.parloir.xmpp.api.XmppAdministration;
import org.parloir.xmpp.ext.AdminCommands;
import org.parloir.xmpp.ext.Announcements;
import org.parloir.xmpp.ext.BasicHandlers;
import org.parloir.xmpp.ext.DiscoHandlers;
import org.parloir.xmpp.ext.PrivateXmlHandler;
import org.parloir.xmpp.ext.RegistrationHandler;
import org.parloir.xmpp.ext.VCardHandler;
import org.parloir.xmpp.im.ImConfiguration;
import org.parloir.xmpp.im.ImDispatcher;
import org.parloir.xmpp.im.PrivateXmlStore;
import org.parloir.xmpp.im.VCardStore;
import org.parloir.xmpp.muc.MucService;
import org.parloir.xmpp.net.ConnectionLimiter;
import org.parloir.xmpp.net.UnauthenticatedConnections;
import org.parloir.xmpp.net.TlsContexts;
import org.parloir.xmpp.router.Addressing;
import org.parloir.xmpp.router.Components;
import org.parloir.xmpp.router.RegisteredDevices;
import org.parloir.xmpp.router.ServiceComponent;
import org.parloir.xmpp.api.XmppDevices;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.spi.SubdomainService;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqHandlers;
import org.parloir.xmpp.router.SerialExecutor;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.sasl.AuthThrottle;
import org.parloir.xmpp.sasl.SaslMechanisms;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stream.C2sServices;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Wires the XMPP context: TLS, SASL, the session registry, IQ handlers, IM, components (the XEP-0045 chat service)
 * and the Netty listeners (started last).
 */
@Configuration(proxyBeanMethods = false)
@Import(ImConfiguration.class)
public class XmppConfiguration {

    @Bean
    SessionRegistry xmppSessions(ObjectProvider<MeterRegistry> meters) {
        SessionRegistry registry = new SessionRegistry();
        meters.ifAvailable(m -> Gauge.builder("parloir.xmpp.sessions", registry, SessionRegistry::size)
                .description("bound XMPP client resources").register(m));
        return registry;
    }

    /** The XEP-0045 chat service, unless {@code parloir.xmpp.muc.enabled} is false. */
    @Bean
    @ConditionalOnProperty(name = "parloir.xmpp.muc.enabled", havingValue = "true", matchIfMissing = true)
    MucService xmppMuc(XmppProperties props, DomainsProperties domains, SessionRegistry registry,
                       SerialExecutor serial, ObjectProvider<MeterRegistry> meters) {
        MucService muc = new MucService(props.muc(),
                domains.domains().stream().map(DomainsProperties.Domain::name).toList(), registry, serial);
        meters.ifAvailable(m -> Gauge.builder("parloir.xmpp.muc.rooms", muc, MucService::rooms)
                .description("XEP-0045 chat rooms in memory").register(m));
        return muc;
    }

    @Bean
    Components xmppComponents(ObjectProvider<MucService> muc, ObjectProvider<SubdomainService> services,
                              SerialExecutor serial, ObjectProvider<StanzaOutbox> outbox, DomainsProperties domains) {
        List<Components.Entry> entries = new ArrayList<>();
        muc.ifAvailable(m -> entries.addAll(m.entries()));
        List<String> served = domains.domains().stream().map(DomainsProperties.Domain::name).toList();
        services.orderedStream().forEach(service ->
                entries.addAll(new ServiceComponent(service, serial, outbox::getObject).entries(served)));
        return new Components(entries);
    }

    /** Which resources can do what, for the Jingle bridge (its api). */
    @Bean
    XmppDevices xmppDevices(SessionRegistry registry) {
        return new RegisteredDevices(registry);
    }

    @Bean
    Announcements xmppAnnouncements(SessionRegistry registry) {
        return new Announcements(registry);
    }

    /** The administration of the XMPP service, for the admin context (its api). */
    @Bean
    XmppAdministration xmppAdministration(SessionRegistry registry, ObjectProvider<MucService> muc,
                                          Announcements announcements, DomainsProperties domains) {
        return new Administration(registry, muc.getIfAvailable(), announcements, domains);
    }

    @Bean
    AdminCommands xmppAdminCommands(XmppProperties props, Announcements announcements) {
        Set<BareJid> admins = new HashSet<>();
        for (String admin : props.admins()) {
            try {
                admins.add(JidCreate.entityBareFrom(admin.strip()));
            } catch (XmppStringprepException | IllegalArgumentException e) {
                throw new IllegalStateException("parloir.xmpp.admins: " + admin + " is not a bare JID (user@domain)",
                        e);
            }
        }
        return new AdminCommands(admins, announcements);
    }

    @Bean
    Addressing xmppAddressing(DomainsProperties domains, Components components) {
        return new Addressing(domains, components.domains());
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor xmppWorkers(XmppProperties props, ObjectProvider<MeterRegistry> meters) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(props.workerThreads(), props.workerThreads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(props.workerQueue()), new CustomizableThreadFactory("xmpp-work-"),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        meters.ifAvailable(m -> Gauge.builder("parloir.xmpp.work.queue", pool, p -> p.getQueue().size())
                .description("IM tasks waiting for a worker").register(m));
        return pool;
    }

    @Bean
    SerialExecutor xmppSerial(ThreadPoolExecutor xmppWorkers, ThreadPoolExecutor xmppEssentialWorkers) {
        // one account may have this many presence/roster/IQ tasks waiting before it gets resource-constraint
        return new SerialExecutor(xmppWorkers, xmppEssentialWorkers, 1000);
    }

    /** Work owed to others (logout broadcasts, the contact's side of subscriptions): queued, never refused. */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor xmppEssentialWorkers(XmppProperties props, ObjectProvider<MeterRegistry> meters) {
        int threads = Math.max(2, props.workerThreads() / 4);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), new CustomizableThreadFactory("xmpp-owed-"));
        pool.allowCoreThreadTimeOut(true);
        meters.ifAvailable(m -> Gauge.builder("parloir.xmpp.owed.queue", pool, p -> p.getQueue().size())
                .description("presence and subscription work owed to other accounts, waiting").register(m));
        return pool;
    }

    @Bean
    RegistrationHandler registrationHandler(AccountRegistration accounts, AccountRemoval removal,
                                            XmppProperties props) {
        return new RegistrationHandler(accounts, removal, props.registration().enabled(),
                props.registration().allowRemove());
    }

    @Bean
    IqHandlers iqHandlers(ImConfiguration.ImIqHandlers im, RegistrationHandler registration, VCardStore vcards,
                          PrivateXmlStore privateXml, AdminCommands adminCommands,
                          ObjectProvider<BuildProperties> build, ObjectProvider<IqHandlers> self, XmppProperties props,
                          Components components) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        List<IqHandler> all = new ArrayList<>(im.handlers());
        all.addAll(BasicHandlers.all(version, props.externalServices()));
        all.add(registration);
        all.add(new VCardHandler(vcards));
        all.add(new PrivateXmlHandler(privateXml));
        all.add(adminCommands);
        List<String> extras = new ArrayList<>(List.of("msgoffline", Namespaces.BLOCKING));
        if (props.registration().enabled()) {
            extras.add(Namespaces.REGISTER);
        }
        // disco lists the features of the registry it belongs to, looked up once it exists
        all.addAll(DiscoHandlers.all(self::getObject, extras, components::servicesOf, adminCommands));
        return new IqHandlers(all);
    }

    @Bean
    C2sServices c2sServices(XmppProperties props, DomainsProperties domains, PasswordVerifier passwords,
                            ScramCredentialSource scram, SessionRegistry registry, ImDispatcher router,
                            RegistrationHandler registration, TlsMaterial tlsMaterial) throws Exception {
        SslContext tls = TlsContexts.server(tlsMaterial);
        return new C2sServices(props, domains, tls, new SaslMechanisms(passwords, scram, props.sasl().plainWithoutTls()),
                new AuthThrottle(props.sasl().failureWindow(), props.sasl().failureDelay(),
                        props.sasl().maxFailureDelay()), registry, router, registration);
    }

    @Bean
    ConnectionLimiter xmppConnectionLimiter(XmppProperties props, ObjectProvider<MeterRegistry> meters) {
        UnauthenticatedConnections unauthenticated = new UnauthenticatedConnections(
                props.limits().connectionsPerIp(), props.limits().unauthenticatedConnections());
        ConnectionLimiter limiter = new ConnectionLimiter(unauthenticated);
        meters.ifAvailable(m -> {
            Gauge.builder("parloir.xmpp.connections", limiter, ConnectionLimiter::openConnections)
                    .description("open XMPP client connections").register(m);
            Gauge.builder("parloir.xmpp.connections.unauthenticated", unauthenticated,
                            UnauthenticatedConnections::size)
                    .description("XMPP client connections that have not authenticated yet").register(m);
            for (UnauthenticatedConnections.Cap cap : UnauthenticatedConnections.Cap.values()) {
                FunctionCounter.builder("parloir.xmpp.connections.evicted", unauthenticated, u -> u.evicted(cap))
                        .tag("cap", cap.name().toLowerCase(java.util.Locale.ROOT))
                        .description("unauthenticated connections closed to make room for a newer one")
                        .register(m);
            }
        });
        return limiter;
    }

    @Bean
    XmppListeners xmppListeners(XmppProperties props, C2sServices services, ConnectionLimiter limiter) {
        return new XmppListeners(props, services, limiter);
    }
}

package org.parloir.sip;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.sip.b2bua.B2bua;
import org.parloir.sip.b2bua.B2buaConfiguration;
import org.parloir.sip.b2bua.CallSetup;
import org.parloir.sip.proxy.ProxiedCalls;
import java.util.stream.Collectors;
import org.parloir.core.DomainsProperties;
import org.parloir.core.ListenerSource;
import org.parloir.tls.api.TlsMaterial;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.UserDirectory;
import org.parloir.pstn.api.PhoneNumbers;
import org.parloir.sip.api.DialPlan;
import org.parloir.sip.auth.ChallengePolicy;
import org.parloir.sip.auth.DigestAlgorithm;
import org.parloir.sip.auth.DigestAuthenticator;
import org.parloir.sip.auth.KnownAgents;
import org.parloir.sip.auth.NonceService;
import org.parloir.sip.proxy.ProxyCore;
import org.parloir.sip.registrar.LocationService;
import org.parloir.sip.registrar.Registrar;
import org.parloir.sip.api.JingleDevices;
import org.parloir.sip.routing.DeviceLegs;
import org.parloir.sip.routing.RoutePlanner;
import org.parloir.sip.stack.SipStackService;
import org.springframework.context.SmartLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Wires the SIP context: stack, digest authentication, registrar, proxy, and starts listening last. */
@Configuration(proxyBeanMethods = false)
@Import({org.parloir.sip.registrar.RegistrarConfiguration.class, B2buaConfiguration.class,
        org.parloir.sip.trunk.TrunkConfiguration.class})
public class SipConfiguration {

    @Bean(destroyMethod = "close")
    SipStackService sipStack(SipProperties props, DomainsProperties domains, TlsMaterial tls) {
        return new SipStackService(props, "parloir-" + Integer.toHexString(System.identityHashCode(props)),
                domains.domains().stream().map(DomainsProperties.Domain::name).collect(Collectors.toSet()), tls);
    }

    /** Numbers as the users of each domain dial them (its routing region), for the Jingle bridge too. */
    @Bean
    DialPlan sipDialPlan(SipProperties props) {
        return (dialled, domain) -> PhoneNumbers.normalise(dialled, props.routing().policyFor(domain).region());
    }

    @Bean
    NonceService nonceService(SipProperties props) {
        return new NonceService(props.auth().nonceTtl(), props.auth().nonceSlots(), Clock.systemUTC());
    }

    @Bean
    KnownAgents knownAgents(SipProperties props, MeterRegistry registry) {
        KnownAgents known = new KnownAgents(props.auth().knownAgents(), props.auth().knownAgentTtl());
        Gauge.builder("parloir.sip.auth.agents", known, KnownAgents::size)
                .description("user agents remembered with the digest algorithm they chose").register(registry);
        Gauge.builder("parloir.sip.auth.agents.limit", known, KnownAgents::limit).register(registry);
        return known;
    }

    @Bean
    DigestAuthenticator digestAuthenticator(NonceService nonces, SipCredentialSource credentials,
                                            SipStackService sip, SipProperties props, DomainsProperties domains,
                                            KnownAgents known) {
        Map<String, List<DigestAlgorithm>> perDomain = new LinkedHashMap<>();
        props.auth().domains().forEach((name, own) -> {
            String property = "parloir.sip.auth.domains[" + name + "].algorithms";
            if (domains.find(name).isEmpty()) {
                throw new IllegalArgumentException(property + ": " + name + " is not a domain served here");
            }
            perDomain.put(name, ChallengePolicy.parse(property, own.algorithms()));
        });
        ChallengePolicy policy = new ChallengePolicy(
                ChallengePolicy.parse("parloir.sip.auth.algorithms", props.auth().algorithms()), perDomain, known);
        return new DigestAuthenticator(nonces, credentials, sip.headerFactory(), policy);
    }

    @Bean
    ListenerSource sipListeners(SipStackService sip) {
        return sip::listeners;
    }

    @Bean
    Replies sipReplies(SipStackService sip) {
        return new Replies(new SipResponses(sip.messageFactory(), sip.headerFactory()), sip.provider());
    }

    @Bean
    Registrar registrar(LocationService location, DigestAuthenticator auth, DomainsProperties domains,
                        SipProperties props, Replies replies, SipStackService sip) {
        // a virtual thread per answer that waits for a commit: a blocking TCP send holds up nobody else; they
        // are bounded by the REGISTER transactions in flight (max-server-transactions)
        return new Registrar(location, auth, domains, props.registrar(), replies, sip.headerFactory(),
                sip.addressFactory(), Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("sip-register-answer-", 0).factory()));
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sipTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                new CustomizableThreadFactory("sip-timer-"));
        // timer C of every answered branch is cancelled: drop it from the queue at once, not after 180 s
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    @Bean
    CallMetrics callMetrics(MeterRegistry registry) {
        return new CallMetrics(registry);
    }

    @Bean
    ProxiedCalls proxiedCalls(CdrRecorder cdrs, CallMetrics metrics, SipProperties props,
                              ScheduledExecutorService sipTimers) {
        ProxiedCalls calls = new ProxiedCalls(cdrs, metrics, props.recordRoute(), props.b2bua().maxCallDuration());
        sipTimers.scheduleWithFixedDelay(calls::sweep, 1, 1, TimeUnit.MINUTES);
        return calls;
    }

    @Bean
    ProxyCore proxyCore(SipStackService sip, Replies replies, DomainsProperties domains, LocationService location,
                        DigestAuthenticator auth, UserDirectory directory, SipProperties props,
                        ScheduledExecutorService sipTimers, CallSetup calls, ProxiedCalls proxied,
                        CallAuthorizer aaa, ObjectProvider<JingleDevices> jingle, DeviceLegs deviceLegs) {
        // the bridge is looked up lazily, as it depends on the SIP side itself (its calls to numbers), and once
        // found kept: this runs for every request routed to a person
        AtomicReference<JingleDevices> bridge = new AtomicReference<>();
        RoutePlanner planner = new RoutePlanner(domains, sip.local(), location::lookup,
                props.routing()::policyFor, aor -> {
                    JingleDevices devices = bridge.get();
                    if (devices == null && (devices = jingle.getIfAvailable()) != null) {
                        bridge.set(devices);
                    }
                    return devices != null && devices.reachable(aor);
                });
        ProxyCore proxy = new ProxyCore(sip.provider(), sip.headerFactory(), sip.addressFactory(), replies,
                sip.local(), domains, planner, auth, directory, props, sipTimers, calls, proxied, aaa,
                sip.messageFactory());
        proxy.deviceLegs(deviceLegs);
        return proxy;
    }

    /**
     * The B2BUA's own legs to a person's SIP devices, through this proxy (issue 11: SIP and Jingle devices rung
     * together): sent to our own listening point, UDP when we have it.
     */
    @Bean
    DeviceLegs deviceLegs(SipStackService sip) {
        var local = sip.local();
        String transport = local.hasTransport("udp") ? "udp" : local.hasTransport("tcp") ? "tcp" : "tls";
        return new DeviceLegs("sip:" + sip.ownAddress() + ":" + local.port(transport) + ";transport=" + transport
                + ";lr");
    }

    /** How full the SIP side is: transactions against their limit, INVITEs in progress. */
    @Bean
    MeterBinder sipMeters(SipStackService sip, ProxyCore proxy, SipProperties props, B2bua b2bua,
                          ProxiedCalls proxied) {
        return registry -> {
            Gauge.builder("parloir.sip.transactions", sip, SipStackService::serverTransactions)
                    .tag("side", "server").description("server transactions held by the stack").register(registry);
            Gauge.builder("parloir.sip.transactions", sip, SipStackService::clientTransactions)
                    .tag("side", "client").description("client transactions held by the stack").register(registry);
            Gauge.builder("parloir.sip.transactions.limit", props, SipProperties::maxServerTransactions)
                    .description("parloir.sip.max-server-transactions").register(registry);
            Gauge.builder("parloir.sip.proxy.invites", proxy, ProxyCore::activeInvites)
                    .description("proxied INVITEs waiting for a final response").register(registry);
            Gauge.builder("parloir.sip.calls.active", b2bua, B2bua::activeCalls).tag("kind", "b2bua")
                    .description("calls through the B2BUA (ringing or answered)").register(registry);
            Gauge.builder("parloir.sip.calls.active", proxied, ProxiedCalls::activeCalls).tag("kind", "proxy")
                    .description("answered proxied calls whose BYE has not passed yet").register(registry);
            Gauge.builder("parloir.sip.connections.incomplete", sip, SipStackService::incompleteConnections)
                    .description("accepted TCP/TLS connections without a complete message yet").register(registry);
            FunctionCounter.builder("parloir.sip.connections.closed.incomplete", sip,
                            s -> s.closedIncompleteConnections(false)).tag("reason", "deadline")
                    .description("parloir.sip.connection-setup-timeout passed").register(registry);
            FunctionCounter.builder("parloir.sip.connections.closed.incomplete", sip,
                            s -> s.closedIncompleteConnections(true)).tag("reason", "cap")
                    .description("closed for a newer one: parloir.sip.max-incomplete-connections").register(registry);
        };
    }

    /** Starts delivering SIP traffic once everything is wired, and stops it first at shutdown. */
    @Bean
    SmartLifecycle sipListenerLifecycle(SipStackService sip, Registrar registrar, ProxyCore proxy, Replies replies,
                                        B2bua b2bua) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                sip.start(new SipDispatcher(sip.provider(), registrar, proxy, replies, b2bua));
                running = true;
            }

            @Override
            public void stop() {
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}

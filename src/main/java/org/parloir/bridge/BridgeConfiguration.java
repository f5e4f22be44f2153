package org.parloir.bridge;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.parloir.core.DomainsProperties;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.bridge.media.ProcessingTimes;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.xmpp.IncomingCalls;
import org.parloir.bridge.xmpp.PhoneService;
import org.parloir.bridge.call.RelayMediaPaths;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.DialPlan;
import org.parloir.sip.api.SipDevices;
import org.parloir.bridge.xmpp.PersonCalls;
import org.parloir.xmpp.api.VirtualPresence;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.parloir.xmpp.api.XmppDevices;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Jingle ↔ SIP bridge: the telephone gateway service {@code phone.<domain>} of the XMPP server and the
 * media relay of bridged calls.
 */
@Configuration(proxyBeanMethods = false)
public class BridgeConfiguration {

    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    PhoneService bridgePhoneService(BridgeProperties props, DialPlan dialPlan, BridgedCalls calls,
                                    MediaPath.Factory paths, IncomingCalls incoming, DomainsProperties domains,
                                    ObjectProvider<MeterRegistry> meters) {
        PhoneService phone = new PhoneService(props.subdomain(), props.name(), dialPlan, calls, paths,
                props.maxCallsPerUser(), incoming, domains::isLocal);
        meters.ifAvailable(registry -> Gauge.builder("parloir.bridge.calls.active", phone,
                PhoneService::activeSessions).description("Jingle sessions bridged to numbers").register(registry));
        return phone;
    }

    /**
     * A person's SIP phones as their XMPP resource {@code parloir-sip} (issue 11): present while one is registered,
     * rung by a Jingle proposal to the person. The XMPP server hears of registrations coming and going.
     */
    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    PersonCalls bridgePersonCalls(BridgeProperties props, BridgedCalls calls, SipDevices phones,
                                  MediaPath.Factory paths, ObjectProvider<XmppDevices> devices,
                                  ObjectProvider<VirtualPresence> presence, ObjectProvider<MeterRegistry> meters,
                                  ScheduledExecutorService bridgeTimers) {
        ScheduledExecutorService timers = bridgeTimers;
        PersonCalls persons = new PersonCalls(calls, phones, devices::getIfAvailable, paths,
                props.maxCallsPerUser(), timers, Duration.ofSeconds(30));
        phones.onChange(aor -> {
            VirtualPresence p = presence.getIfAvailable();
            if (p != null) {
                p.changed(aor);
            }
        });
        meters.ifAvailable(registry -> Gauge.builder("parloir.bridge.calls.persons", persons, PersonCalls::active)
                .description("Jingle proposals ringing or answered on a person's SIP phones").register(registry));
        return persons;
    }

    /** The bridge's own timers (a proceed waiting for its session-initiate): one thread, stopped with the context. */
    @Bean(destroyMethod = "shutdownNow")
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    ScheduledExecutorService bridgeTimers() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridge-timers");
            t.setDaemon(true);
            return t;
        });
    }

    /** The media paths of bridged calls, both ways, on the relay. */
    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    MediaPath.Factory bridgeMediaPaths(MediaRelay relay, ObjectProvider<MeterRegistry> meters) {
        return new RelayMediaPaths(relay, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * SIP calls to people online in Jingle clients: the SIP side finds them through {@code JingleDevices}. The XMPP
     * server's devices and outbox are looked up per call (they are built after the SIP side, which needs this).
     */
    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    IncomingCalls bridgeIncomingCalls(BridgeProperties props, DialPlan dialPlan, MediaPath.Factory paths,
                                      ObjectProvider<XmppDevices> devices, ObjectProvider<StanzaOutbox> outbox,
                                      ObjectProvider<MeterRegistry> meters) {
        IncomingCalls incoming = new IncomingCalls(devices::getIfAvailable, outbox::getObject, paths, dialPlan,
                props.subdomain());
        meters.ifAvailable(registry -> Gauge.builder("parloir.bridge.calls.incoming", incoming,
                IncomingCalls::active).description("SIP calls ringing or answered on Jingle devices")
                .register(registry));
        return incoming;
    }

    /** The media relay of bridged calls: ports are bound per call, the DTLS identity is generated here, once. */
    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    MediaRelay bridgeMediaRelay(BridgeProperties props, ObjectProvider<MeterRegistry> meters) {
        MediaRelay relay = new MediaRelay(MediaAddresses.settings(props.media()), DtlsIdentity.generate());
        meters.ifAvailable(registry -> {
            Gauge.builder("parloir.bridge.media.open", relay, MediaRelay::openCount)
                    .description("bridged calls with media ports open").register(registry);
            ProcessingTimes times = relay.processingTimes();
            for (int i = 0; i < times.buckets(); i++) {
                int bucket = i;
                FunctionCounter.builder("parloir.bridge.media.processing", times, t -> t.countUpTo(bucket))
                        .tag("le", times.upperBoundMillis(bucket)).baseUnit("datagrams")
                        .description("datagrams the relay handled (receive to send) within le milliseconds")
                        .register(registry);
            }
        });
        return relay;
    }
}

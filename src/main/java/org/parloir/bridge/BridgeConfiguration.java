package org.parloir.bridge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.xmpp.PhoneService;
import org.parloir.bridge.call.RelayMediaPaths;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.DialPlan;
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
    PhoneService bridgePhoneService(BridgeProperties props, DialPlan dialPlan, BridgedCalls calls, MediaRelay relay,
                                    ObjectProvider<MeterRegistry> meters) {
        PhoneService phone = new PhoneService(props.subdomain(), props.name(), dialPlan, calls,
                new RelayMediaPaths(relay, meters.getIfAvailable(SimpleMeterRegistry::new)),
                props.maxCallsPerUser());
        meters.ifAvailable(registry -> Gauge.builder("parloir.bridge.calls.active", phone,
                PhoneService::activeSessions).description("Jingle sessions bridged to numbers").register(registry));
        return phone;
    }

    /** The media relay of bridged calls: ports are bound per call, the DTLS identity is generated here, once. */
    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    MediaRelay bridgeMediaRelay(BridgeProperties props, ObjectProvider<MeterRegistry> meters) {
        MediaRelay relay = new MediaRelay(MediaAddresses.settings(props.media()), DtlsIdentity.generate());
        meters.ifAvailable(registry -> Gauge.builder("parloir.bridge.media.open", relay, MediaRelay::openCount)
                .description("bridged calls with media ports open").register(registry));
        return relay;
    }
}

package org.parloir.bridge;

import org.parloir.bridge.xmpp.PhoneService;
import org.parloir.bridge.call.MediaPath;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.DialPlan;
import org.parloir.xmpp.spi.SubdomainService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Jingle ↔ SIP bridge: the telephone gateway service {@code phone.<domain>} of the XMPP server. */
@Configuration(proxyBeanMethods = false)
public class BridgeConfiguration {

    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    SubdomainService bridgePhoneService(BridgeProperties props, DialPlan dialPlan, ObjectProvider<BridgedCalls> calls,
                                        ObjectProvider<MediaPath.Factory> media) {
        // without a call path (the B2BUA side) or a media relay, numbers still have presence and refuse calls
        return new PhoneService(props.subdomain(), props.name(), dialPlan, calls.getIfAvailable(),
                media.getIfAvailable(), props.maxCallsPerUser());
    }
}

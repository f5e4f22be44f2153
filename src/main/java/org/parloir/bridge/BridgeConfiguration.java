package org.parloir.bridge;

import org.parloir.bridge.xmpp.PhoneService;
import org.parloir.sip.api.DialPlan;
import org.parloir.xmpp.spi.SubdomainService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Jingle ↔ SIP bridge: the telephone gateway service {@code phone.<domain>} of the XMPP server. */
@Configuration(proxyBeanMethods = false)
public class BridgeConfiguration {

    @Bean
    @ConditionalOnProperty(name = "parloir.bridge.enabled", havingValue = "true", matchIfMissing = true)
    SubdomainService bridgePhoneService(BridgeProperties props, DialPlan dialPlan) {
        return new PhoneService(props.subdomain(), props.name(), dialPlan);
    }
}

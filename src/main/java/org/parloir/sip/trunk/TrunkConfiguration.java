package org.parloir.sip.trunk;

import org.parloir.pstn.spi.TrunkSignalling;
import org.parloir.sip.stack.SipStackService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SIP requests PSTN adapters need apart from calls (OPTIONS pings, trunk REGISTERs). */
@Configuration(proxyBeanMethods = false)
public class TrunkConfiguration {

    @Bean
    TrunkSignalling trunkSignalling(SipStackService sip) {
        return new SipTrunkSignalling(sip.provider(), sip.messageFactory(), sip.headerFactory(), sip.addressFactory(),
                sip.local());
    }
}

package org.parloir.admin;

import org.parloir.sip.stack.SipStackService;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** SIP is healthy while its listening points are open; part of the readiness group. */
@Component("sip")
public class SipHealthIndicator implements HealthIndicator {

    private final SipStackService sip;

    public SipHealthIndicator(SipStackService sip) {
        this.sip = sip;
    }

    @Override
    public Health health() {
        Health.Builder builder = sip.running() ? Health.up() : Health.down();
        return builder.withDetail("listening", sip.local().ports()).withDetail("advertised", sip.local().host())
                .build();
    }
}

package org.parloir.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.parloir.pstn.api.CallLimits;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.pstn.spi.GatewayStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The PSTN gateways: UP when the PSTN route is off or at least one gateway is usable. Deliberately not in the
 * readiness group: a dead PSTN must not take SIP and XMPP out of service.
 */
@Component("pstn")
public class PstnHealthIndicator implements HealthIndicator {

    private final PstnRoutes routes;
    private final CallLimits limits;

    public PstnHealthIndicator(PstnRoutes routes, CallLimits limits) {
        this.routes = routes;
        this.limits = limits;
    }

    @Override
    public Health health() {
        if (!routes.enabled()) {
            return Health.up().withDetail("enabled", false).build();
        }
        // users refused by a per-user limit in the last 24 h: toll fraud shows here before it shows on the bill
        Map<String, Map<String, Object>> overLimit = new LinkedHashMap<>();
        for (CallLimits.Breach b : limits.breaches()) {
            overLimit.computeIfAbsent(b.user(), u -> new LinkedHashMap<>()).put(b.limit().name()
                    .toLowerCase(Locale.ROOT), Map.of("refused", b.refused(), "last", b.last().toString()));
        }
        Map<String, Object> gateways = new LinkedHashMap<>();
        boolean anyUp = false;
        for (GatewayStatus s : routes.status()) {
            anyUp |= s.up();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("address", s.address());
            d.put("up", s.up());
            d.put("since", String.valueOf(s.since()));
            if (s.lastError() != null) {
                d.put("lastError", s.lastError());
            }
            if (s.registration() != null) {
                d.put("registration", s.registration());
            }
            gateways.put(s.adapter() + "/" + s.gateway(), d);
        }
        return (anyUp ? Health.up() : Health.down()).withDetail("enabled", true).withDetail("gateways", gateways)
                .withDetail("overLimit", overLimit).build();
    }
}

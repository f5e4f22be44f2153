package org.parloir.sip.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parloir.sip.SipProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code parloir.sip.routing}: site-wide values, and per-domain overrides that only replace what they name. */
class RoutingPropertiesTest {

    private static SipProperties.Routing bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("parloir.sip", SipProperties.class).routing();
    }

    @Test
    void defaultsAreDevicesThenPhoneWithInternationalNumbersOnly() {
        RoutingPolicy p = bind(Map.of()).policyFor("example.org");
        assertThat(p).isEqualTo(new RoutingPolicy("ZZ", RoutingPolicy.Mode.DEVICES_THEN_PHONE, Duration.ofSeconds(20),
                false));
    }

    @Test
    void aDomainOverridesOnlyWhatItNames() {
        SipProperties.Routing routing = bind(Map.of(
                "parloir.sip.routing.region", "FR",
                "parloir.sip.routing.hide-numbers", "true",
                "parloir.sip.routing.domains[lab.example.org].mode", "phone",
                "parloir.sip.routing.domains[lab.example.org].region", "DE"));
        assertThat(routing.policyFor("lab.example.org")).isEqualTo(new RoutingPolicy("DE", RoutingPolicy.Mode.PHONE,
                Duration.ofSeconds(20), true));
        assertThat(routing.policyFor("LAB.example.org").mode()).isEqualTo(RoutingPolicy.Mode.PHONE);
        assertThat(routing.policyFor("example.org")).isEqualTo(new RoutingPolicy("FR",
                RoutingPolicy.Mode.DEVICES_THEN_PHONE, Duration.ofSeconds(20), true));
    }
}

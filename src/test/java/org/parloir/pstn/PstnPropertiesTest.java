package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PstnPropertiesTest {

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void noGatewayByDefault() {
        PstnProperties p = PstnBinding.bind(Map.of());
        assertThat(p.gateways()).isEmpty();
        assertThat(p.denyPrefixes()).isEmpty();
    }

    @Test
    void anAddressAloneIsAGatewayWithDefaults() {
        PstnProperties.Gateway g = PstnBinding.bind(Map.of("parloir.pstn.gateways[0].address", "192.0.2.10:5070"))
                .gateways().getFirst();
        assertThat(g.name()).isEqualTo("gw0");
        assertThat(g.endpoint()).isEqualTo(new GatewayAddress("192.0.2.10", 5070, "udp"));
        assertThat(g.priority()).isEqualTo(10);
        assertThat(g.weight()).isEqualTo(1);
        assertThat(g.prefixRules()).isEmpty();
        assertThat(g.register()).isFalse();
        assertThat(g.registerExpires()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(g.optionsInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.failuresToDown()).isEqualTo(1);
        assertThat(g.credentials()).isEmpty();
    }

    @Test
    void everyKnob() {
        PstnProperties p = PstnBinding.bind(Map.ofEntries(
                Map.entry("parloir.pstn.deny-prefixes[0]", "+3389"),
                Map.entry("parloir.pstn.gateways[0].name", "itsp"),
                Map.entry("parloir.pstn.gateways[0].address", "sip.itsp.example;transport=TLS"),
                Map.entry("parloir.pstn.gateways[0].prefix-rules[0].match", "+33"),
                Map.entry("parloir.pstn.gateways[0].prefix-rules[0].replace", "0"),
                Map.entry("parloir.pstn.gateways[0].username", "trunk"),
                Map.entry("parloir.pstn.gateways[0].password", "secret"),
                Map.entry("parloir.pstn.gateways[0].register", "true"),
                Map.entry("parloir.pstn.gateways[0].register-expires", "10m"),
                Map.entry("parloir.pstn.gateways[0].options-interval", "0"),
                Map.entry("parloir.pstn.gateways[1].address", "[2001:db8::1]:5080;transport=tcp")));
        assertThat(p.denyPrefixes()).containsExactly("+3389");
        PstnProperties.Gateway itsp = p.gateways().get(0);
        assertThat(itsp.endpoint()).isEqualTo(new GatewayAddress("sip.itsp.example", 5061, "tls"));
        assertThat(itsp.prefixRules()).containsExactly(new PstnProperties.PrefixRule("+33", "0"));
        assertThat(itsp.credentials()).hasValueSatisfying(c -> assertThat(c.domain()).isNull());
        assertThat(itsp.registerExpires()).isEqualTo(Duration.ofMinutes(10));
        assertThat(itsp.optionsInterval()).isZero();
        assertThat(itsp.toString()).doesNotContain("secret");
        assertThat(p.gateways().get(1).name()).isEqualTo("gw1");
        assertThat(p.gateways().get(1).endpoint()).isEqualTo(new GatewayAddress("2001:db8::1", 5080, "tcp"));
        assertThat(p.gateways().get(1).endpoint().toString()).isEqualTo("[2001:db8::1]:5080;transport=tcp");
    }

    /** Rows: key and expected name under {@code parloir.pstn.}, and the wrong value. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gateways[0].address | gw.example:5060;transport=sctp | gateways[0].address",
            "gateways[0].address | gw.example:99999 | gateways[0].address",
            "gateways[0].address | http://gw.example/ | gateways[0].address",
            "gateways[0].address | '' | gateways[0].address",
            "gateways[0].register | true | gateways[0].register",
            "gateways[0].priority | -1 | gateways[0].priority",
            "gateways[0].failures-to-down | 0 | gateways[0].failuresToDown",
            "gateways[0].options-interval | -1s | gateways[0].options-interval",
            "gateways[0].prefix-rules[0].match | 33 | gateways[0].prefix-rules[0].match",
            "deny-prefixes[0] | 3389 | denyPrefixes[0]",
    })
    void aWrongValueNamesTheProperty(String key, String value, String named) {
        java.util.Map<String, String> props = new java.util.HashMap<>();
        props.put("parloir.pstn.gateways[0].address", "gw.example:5060");
        props.put("parloir.pstn.gateways[0].prefix-rules[0].replace", "0");
        props.put("parloir.pstn.gateways[0].prefix-rules[0].match", "+33");
        props.put("parloir.pstn." + key, value);
        assertThatThrownBy(() -> PstnBinding.bind(props))
                .satisfies(e -> assertThat(messages(e)).contains("parloir.pstn." + named));
    }

    @Test
    void gatewayNamesAreUnique() {
        assertThatThrownBy(() -> PstnBinding.bind(Map.of(
                "parloir.pstn.gateways[0].address", "a.example", "parloir.pstn.gateways[0].name", "gw1",
                "parloir.pstn.gateways[1].address", "b.example")))
                .satisfies(e -> assertThat(messages(e)).contains("parloir.pstn.gateways[1].name", "used twice"));
    }
}

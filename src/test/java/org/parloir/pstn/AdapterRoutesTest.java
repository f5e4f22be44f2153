package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parloir.core.E164;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.pstn.spi.GatewayTarget;
import org.parloir.pstn.spi.PstnAdapter;

class AdapterRoutesTest {

    private static final E164 PARIS = new E164("+33139635511");

    /** An adapter with fixed gateways that remembers the reports it got. */
    private static final class Fixed implements PstnAdapter {
        final String name;
        final List<String> gateways;
        final List<String> reports = new ArrayList<>();

        Fixed(String name, String... gateways) {
            this.name = name;
            this.gateways = List.of(gateways);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean configured() {
            return !gateways.isEmpty();
        }

        @Override
        public List<GatewayTarget> candidates(E164 number) {
            return gateways.stream().map(g -> new GatewayTarget(name, g, number.digits(), g + ".example", 5060,
                    "udp", Optional.empty())).toList();
        }

        @Override
        public void report(GatewayTarget target, AttemptOutcome outcome) {
            reports.add(target.gateway() + " " + outcome);
        }

        @Override
        public List<GatewayStatus> status() {
            return gateways.stream().map(g -> new GatewayStatus(name, g, g + ".example:5060;transport=udp", true,
                    Instant.EPOCH, null)).toList();
        }
    }

    @Test
    void noConfiguredAdapterMeansDisabled() {
        AdapterRoutes routes = new AdapterRoutes(List.of(new Fixed("sip-trunk")), List.of());
        assertThat(routes.enabled()).isFalse();
        assertThat(routes.candidates(PARIS)).isEmpty();
        assertThat(new AdapterRoutes(List.of(), List.of()).enabled()).isFalse();
    }

    @Test
    void candidatesInAdapterOrderThenEachAdaptersOrder() {
        AdapterRoutes routes = new AdapterRoutes(List.of(new Fixed("sip-trunk", "a", "b"), new Fixed("empty"),
                new Fixed("vendor", "c")), List.of());
        assertThat(routes.enabled()).isTrue();
        assertThat(routes.candidates(PARIS)).extracting(t -> t.adapter() + "/" + t.gateway())
                .containsExactly("sip-trunk/a", "sip-trunk/b", "vendor/c");
        assertThat(routes.status()).extracting(GatewayStatus::gateway).containsExactly("a", "b", "c");
        assertThat(routes.status().getFirst().registration()).isNull();
    }

    @Test
    void denyListRefusesWhoeverCalls() {
        AdapterRoutes routes = new AdapterRoutes(List.of(new Fixed("sip-trunk", "a")), List.of("+3389", "+44909"));
        assertThat(routes.denied(new E164("+33899123456"))).isTrue();
        assertThat(routes.denied(new E164("+449091234567"))).isTrue();
        assertThat(routes.denied(PARIS)).isFalse();
        assertThat(routes.candidates(new E164("+33899123456"))).isEmpty();
        assertThat(routes.candidates(PARIS)).hasSize(1);
    }

    @Test
    void reportsGoToTheAdapterThatChoseTheGateway() {
        Fixed trunk = new Fixed("sip-trunk", "a");
        Fixed vendor = new Fixed("vendor", "a");
        AdapterRoutes routes = new AdapterRoutes(List.of(trunk, vendor), List.of());
        GatewayTarget fromVendor = routes.candidates(PARIS).getLast();
        routes.report(fromVendor, AttemptOutcome.FAILED);
        assertThat(vendor.reports).containsExactly("a FAILED");
        assertThat(trunk.reports).isEmpty();
    }
}

package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.bridge.media.MediaSettings;
import org.parloir.core.DomainsProperties;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.DialPlan;
import org.parloir.sip.api.SipDevices;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;

/** Wiring and validation of {@code parloir.bridge.media} (no sockets: the relay binds ports per call only). */
class BridgeMediaConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BridgeProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Props.class, BridgeConfiguration.class)
            // no Mockito: its inline mock maker cannot attach to the JVM of a full surefire run here (JDK 25)
            .withBean(DialPlan.class, () -> (dialled, domain) -> Optional.empty())
            .withBean(BridgedCalls.class, () -> (request, party) -> {
                throw new UnsupportedOperationException("no calls in a configuration test");
            })
            .withBean(SipDevices.class, () -> new SipDevices() {
                @Override
                public boolean registered(String aor) {
                    return false;
                }

                @Override
                public void onChange(java.util.function.Consumer<String> listener) {
                }
            })
            .withBean(DomainsProperties.class, () -> new DomainsProperties(List.of(
                    new DomainsProperties.Domain("example.org", null, "ou=people,dc=example,dc=org"))))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void defaultsGiveARelayWithItsGauge() {
        runner.run(context -> {
            BridgeProperties.Media media = context.getBean(BridgeProperties.class).media();
            assertThat(media).isEqualTo(new BridgeProperties.Media("0.0.0.0", "", 24000, 25999,
                    Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(20), 4));
            MediaRelay relay = context.getBean(MediaRelay.class);
            assertThat(relay.fingerprint().algorithm()).isEqualTo("sha-256");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("parloir.bridge.media.open").gauge().value()).isZero();
            assertThat(meters.get("parloir.bridge.media.processing").functionCounters()).hasSize(12);
            assertThat(meters.get("parloir.bridge.media.processing").tag("le", "+Inf").functionCounter().count())
                    .isZero();
        });
    }

    @Test
    void theShippedConfigurationBindsToTheDefaults() throws Exception {
        var sources = new YamlPropertySourceLoader().load("application.yml",
                new FileSystemResource("config/application.yml"));
        AtomicReference<BridgeProperties> defaults = new AtomicReference<>();
        runner.run(context -> defaults.set(context.getBean(BridgeProperties.class)));
        runner.withInitializer(context -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst))
                .run(context -> assertThat(context.getBean(BridgeProperties.class)).isEqualTo(defaults.get()));
    }

    @Test
    void noRelayWhenTheBridgeIsOff() {
        runner.withPropertyValues("parloir.bridge.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MediaRelay.class));
    }

    @Test
    void aRangeWithoutTwoEvenPortsOrOutOfBoundsIsRefusedAtStart() {
        runner.withPropertyValues("parloir.bridge.media.port-min=40000", "parloir.bridge.media.port-max=40001")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("parloir.bridge.media.port-min=80")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("parloir.bridge.media.consent-timeout=0s")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("parloir.bridge.media.address=media.example.org")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void theAdvertisedAddressIsThePublicOneOrTheBoundOne() throws Exception {
        MediaSettings nat = MediaAddresses.settings(media("0.0.0.0", "203.0.113.7"));
        assertThat(nat.advertised()).isEqualTo(InetAddress.getByName("203.0.113.7"));
        assertThat(nat.bindAddress().isAnyLocalAddress()).isTrue();
        assertThat(MediaAddresses.settings(media("127.0.0.1", "")).advertised())
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(MediaAddresses.settings(media("0.0.0.0", "")).advertised().isAnyLocalAddress())
                .as("a wildcard is never advertised").isFalse();
        assertThatThrownBy(() -> MediaAddresses.settings(media("0.0.0.0", "gw.example.org")))
                .hasMessageContaining("public-address");
    }

    private static BridgeProperties.Media media(String address, String publicAddress) {
        return new BridgeProperties.Media(address, publicAddress, 40000, 40999, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(20), 4);
    }
}

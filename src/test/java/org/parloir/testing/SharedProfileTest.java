package org.parloir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.testing.GatewaySpec.named;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A profile's second definition is compared with its first on the ports the first picked (no server started). */
class SharedProfileTest {

    private static final Path DIR = Path.of("/tmp/profile-test");

    /** Ports 20000, 20001, ... instead of free ones: nothing is bound. */
    private static Ports counting() {
        return new Ports() {
            private int next = 20000;

            @Override
            public int udpAndTcp() {
                return next++;
            }

            @Override
            public int tcp() {
                return next++;
            }
        };
    }

    private static java.util.List<String> differences(Consumer<ParloirServer> first, Consumer<ParloirServer> second) {
        SharedProfile.PortLog log = new SharedProfile.PortLog(counting());
        ParloirServer running = new ParloirServer(DIR, log.recording());
        first.accept(running);
        ParloirServer asked = new ParloirServer(DIR, log.replay());
        second.accept(asked);
        return SharedProfile.differences(running, asked);
    }

    @Test
    void theSameDefinitionGetsTheSamePortsAndProperties() {
        Consumer<ParloirServer> gateways = s -> s.region("FR").gateway(named("gw-a").rewrite("+33", "0"))
                .gateway(named("gw-b").overTcp());
        assertThat(differences(gateways, gateways)).isEmpty();
    }

    @Test
    void anotherValueIsNamedWithBothSides() {
        assertThat(differences(s -> s.gateway(named("gw").rewrite("+33", "0")),
                s -> s.gateway(named("gw").rewrite("+33", "00"))))
                .containsExactly("parloir.pstn.gateways[0].prefix-rules[0].replace=0 (running) / 00 (asked)");
    }

    @Test
    void aDefinitionThatPicksMorePortsDiffers() {
        assertThat(differences(s -> s.gateway(named("gw")), s -> s.gateway(named("gw")).gateway(named("gw-2"))))
                .anyMatch(d -> d.startsWith("parloir.pstn.gateways[1].address=null (running) / 127.0.0.1:-1"));
    }

    @Test
    void anotherConfigurationClassDiffers() {
        assertThat(differences(s -> { }, s -> s.withConfiguration(SharedProfileTest.class)))
                .singleElement().asString().startsWith("configuration classes [] (running)");
    }
}

package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.admin.PstnHealthIndicator;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.testing.FreePorts;
import org.parloir.testing.GatewaySpec;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.Sipp;
import org.springframework.boot.health.contributor.Status;

/**
 * The sip-trunk adapter against SIPp playing the gateway: OPTIONS health (down while nobody answers, up once SIPp
 * answers, down again when it dies) and REGISTER towards an ITSP that challenges and checks the digest.
 */
class PstnGatewayIT {

    @TempDir
    Path work;

    @BeforeAll
    static void sippIsThere() {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
    }

    private static GatewayStatus gateway(ParloirServer server) {
        return server.bean(PstnRoutes.class).status().getFirst();
    }

    private static double upGauge(ParloirServer server, String gateway) {
        return server.bean(MeterRegistry.class).get("parloir.pstn.gateway.up").tag("adapter", "sip-trunk")
                .tag("gateway", gateway).gauge().value();
    }

    @Test
    void optionsPingsFollowTheGatewayUpAndDown() throws Exception {
        int gatewayPort = FreePorts.udpAndTcp();
        try (ParloirServer server = new ParloirServer(work.resolve("data"))
                .gateway(GatewaySpec.named("gw-test").optionsEvery(Duration.ofSeconds(1)), gatewayPort).start()) {
            assertThat(server.bean(PstnRoutes.class).enabled()).isTrue();
            // nobody answers yet
            await().atMost(Duration.ofSeconds(30)).until(() -> !gateway(server).up());
            assertThat(gateway(server).lastError()).isEqualTo("no answer to OPTIONS");
            assertThat(server.bean(PstnHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(upGauge(server, "gw-test")).isZero();

            Sipp gatewaySipp = Sipp.start(work.resolve("gateway"), "gateway_options.xml", gatewayPort);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> gateway(server).up());
                assertThat(server.bean(PstnHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                assertThat(upGauge(server, "gw-test")).isOne();
            } finally {
                gatewaySipp.close();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !gateway(server).up());
            assertThat(gateway(server).lastError()).isEqualTo("no answer to OPTIONS");
            assertThat(upGauge(server, "gw-test")).isZero();
            assertThat(gatewaySipp.output()).contains("OPTIONS sip:127.0.0.1:" + gatewayPort);
        }
    }

    @Test
    void registersAtTheItspAndUnregistersAtShutdown() throws Exception {
        int itspPort = FreePorts.udpAndTcp();
        Sipp itsp = Sipp.start(work.resolve("itsp"), "itsp_register.xml", itspPort, "-m", "1");
        try {
            ParloirServer server = new ParloirServer(work.resolve("data"))
                    .with("parloir.pstn.gateways[0].name", "itsp")
                    .with("parloir.pstn.gateways[0].address", "127.0.0.1:" + itspPort)
                    .with("parloir.pstn.gateways[0].username", "parloir-trunk")
                    .with("parloir.pstn.gateways[0].password", "trunk-secret")
                    .with("parloir.pstn.gateways[0].domain", "itsp.example")
                    .with("parloir.pstn.gateways[0].register", "true")
                    .with("parloir.pstn.gateways[0].register-expires", "30s") // below the ITSP's Min-Expires
                    .with("parloir.pstn.gateways[0].options-interval", "0").start();
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(gateway(server).registration())
                        .as(itsp::output).startsWith("registered"));
                // the 200 granted 600 s on our Contact, not the 3600 s of its Expires header nor the 120 s asked
                String registration = gateway(server).registration();
                Instant until = Instant.parse(registration.substring("registered, expires ".length()));
                assertThat(until).isBetween(Instant.now().plusSeconds(500), Instant.now().plusSeconds(601));
                assertThat(server.bean(PstnHealthIndicator.class).health().getDetails().toString())
                        .contains("registered, expires");
            } finally {
                server.close(); // unregisters: the scenario's second half
            }
            assertThat(itsp.exitCode()).as(itsp::output).isZero();
            assertThat(itsp.output()).contains("REGISTER sip:itsp.example SIP/2.0",
                    "Route: <sip:127.0.0.1:" + itspPort);
        } finally {
            itsp.close();
        }
    }
}

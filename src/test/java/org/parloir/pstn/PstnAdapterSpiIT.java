package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.header.CallIdHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.core.E164;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.pstn.spi.GatewayTarget;
import org.parloir.pstn.spi.PstnAdapter;
import org.parloir.testing.Calls;
import org.parloir.testing.FreePorts;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.Sipp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PSTN gateway SPI from the outside: an adapter of a third party's (here a bean of the test's own
 * configuration, as a jar's auto-configuration would declare it), with no built-in gateway configured, takes the
 * calls: it chooses the gateway, rewrites the number its way, and hears how each attempt ended.
 */
class PstnAdapterSpiIT {

    static final List<AttemptOutcome> REPORTS = new CopyOnWriteArrayList<>();
    static int gw;

    /** Routes French numbers to one gateway that wants them as 9 + national significant number. */
    static final class LabAdapter implements PstnAdapter {
        @Override
        public String name() {
            return "lab";
        }

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public List<GatewayTarget> candidates(E164 number) {
            if (!number.startsWith("+33")) {
                return List.of();
            }
            return List.of(new GatewayTarget("lab", "lab-gw", "9" + number.value().substring(3), "127.0.0.1", gw,
                    "udp", Optional.empty()));
        }

        @Override
        public void report(GatewayTarget target, AttemptOutcome outcome) {
            REPORTS.add(outcome);
        }

        @Override
        public List<GatewayStatus> status() {
            return List.of(new GatewayStatus("lab", "lab-gw", "127.0.0.1:" + gw, true, Instant.EPOCH, null));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LabConfiguration {
        @Bean
        PstnAdapter labAdapter() {
            return new LabAdapter();
        }
    }

    @TempDir
    static Path work;
    static ParloirServer server;

    @BeforeAll
    static void start() {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        gw = FreePorts.udpAndTcp();
        server = new ParloirServer(work.resolve("data")).withConfiguration(LabConfiguration.class)
                .with("parloir.sip.routing.mode", "phone").start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aThirdPartyAdapterTakesTheCalls() throws Exception {
        try (SipUa caller = new SipUa("spi"); Sipp gateway = Sipp.start(work.resolve("gw"), "gw_answer.xml", gw,
                "-m", "1")) {
            Calls.Call call = Calls.invite(caller, "sip:bob@example.org", "someone@far.example.net",
                    server.sipHostPort());
            assertThat(call.answer(Duration.ofSeconds(15)).getStatusCode()).isEqualTo(200);
            call.bye();
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            assertThat(gateway.messages()).contains("INVITE sip:9139635622@127.0.0.1:" + gw);
            assertThat(REPORTS).contains(AttemptOutcome.WORKING);
            String callId = ((CallIdHeader) call.invite.getHeader(CallIdHeader.NAME)).getCallId();
            CdrQuery cdrs = server.bean(CdrQuery.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> cdrs.find(null, null, null, null, 0, 50).records()
                    .stream().anyMatch(c -> c.callId().equals(callId) && "lab-gw".equals(c.gateway())));
        }
    }
}

package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.Calls;
import org.parloir.testing.GatewaySpec;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;
import org.parloir.testing.Sipp;

/**
 * {@code parloir.pstn.gateways[0].address=HOST:PORT;transport=tcp}: a caller on UDP reaches a gateway (SIPp) that
 * speaks TCP only; the B2BUA's two legs use different transports.
 */
class TcpGatewayIT {

    @RegisterExtension
    static final SharedServer SERVER = SharedServer.profile("gateway-tcp", s -> s.routingMode("phone")
            .gateway(GatewaySpec.gateway().overTcp()));
    @TempDir
    static Path work;
    static ParloirServer server;
    static int gw;

    @BeforeAll
    static void start() {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        server = SERVER.server();
        gw = SERVER.gatewayPort(0);
    }

    @Test
    void aUdpCallerReachesATcpGateway() throws Exception {
        try (SipUa caller = new SipUa("udpcaller");
             Sipp gateway = Sipp.start(work.resolve("gw"), "gw_answer.xml", gw, "-m", "1", "-t", "t1")) {
            // over TCP a connection refused fails the gateway at once (UDP retransmissions would wait for SIPp)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", gw)) {
                    return probe.isConnected();
                }
            });
            Calls.Call call = Calls.invite(caller, "sip:bob@example.org", "someone@far.example.net",
                    server.sipHostPort());
            assertThat(call.answer(Duration.ofSeconds(15)).getStatusCode()).as(gateway::output).isEqualTo(200);
            assertThat(call.bye().getStatusCode()).isEqualTo(200);
            assertThat(gateway.exitCode()).as(gateway::output).isZero();
            assertThat(gateway.messages()).contains("TCP message received").contains(";transport=tcp")
                    .contains("Via: SIP/2.0/TCP");
        }
    }
}

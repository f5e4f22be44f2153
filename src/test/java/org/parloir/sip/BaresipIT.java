package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.testing.GatewaySpec.named;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.Baresip;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.Wav;

/**
 * A real softphone, Debian 12's baresip 1.0, on the default configuration (issue 10: it could not REGISTER when
 * offered two digest challenges): alice and bob register, alice calls bob through the proxy, and alice calls a
 * number that goes through the B2BUA to a gateway (a third baresip that answers by itself). The media does not
 * pass through Parloir, the SDP does: each side must record the other's tone, so RTP flowed both ways.
 */
class BaresipIT {

    private static final int ALICE_HZ = 440;
    private static final int BOB_HZ = 620;
    private static final int GATEWAY_HZ = 820;
    private static final String NUMBER_AT_GATEWAY = "0139635599"; // +33 1 39 63 55 99 with +33 -> 0
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration HEARD = Duration.ofSeconds(1);

    // ports and the gateway only: digest and routing are the defaults a new user gets
    @RegisterExtension
    static final SharedServer SERVER = SharedServer.profile("gateway-fr", s -> s.region("FR")
            .gateway(named("gw").rewrite("+33", "0")));
    @TempDir
    static Path work;
    static ParloirServer server;
    static int gatewayPort;

    @BeforeAll
    static void start() {
        assertThat(Baresip.installed()).as("baresip is needed: apt-get install baresip").isTrue();
        server = SERVER.server();
        gatewayPort = SERVER.gatewayPort(0);
    }

    private static Baresip phone(String user, String password, int hz) throws Exception {
        Baresip phone = Baresip.start(work.resolve(user + "-" + System.nanoTime()), Baresip.Account.registered(
                "sip:" + user + "@example.org", password, server.sipHostPort()), hz);
        LocationService location = server.bean(LocationService.class);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(phone.registered()).as("baresip sees its registration\n%s", phone.output()).isTrue();
            assertThat(location.lookup(user + "@example.org")).singleElement()
                    .satisfies(b -> assertThat(b.contact()).contains("127.0.0.1:" + phone.sipPort()));
        });
        return phone;
    }

    /** {@code listener} recorded at least a second of {@code hz}, the tone only the other side sends. */
    private static void heard(Baresip listener, int hz) throws Exception {
        Path wav = listener.received().orElseThrow(() -> new AssertionError("no audio recorded\n"
                + listener.output()));
        assertThat(Wav.toneLength(wav, hz)).as("%s Hz in %s\n%s", hz, wav, listener.output())
                .isGreaterThanOrEqualTo(HEARD);
    }

    @Test
    void aliceCallsBobThroughTheProxyAndEachHearsTheOther() throws Exception {
        try (Baresip alice = phone("alice", "alice-secret", ALICE_HZ);
             Baresip bob = phone("bob", "bob-secret", BOB_HZ)) {
            alice.dial("sip:bob@example.org");
            bob.awaitEvent("CALL_INCOMING", WAIT);
            bob.accept();
            alice.awaitEvent("CALL_ESTABLISHED", WAIT);
            bob.awaitEvent("CALL_ESTABLISHED", WAIT);
            // two seconds of each other's tone in the recordings (read while baresip writes them)
            await().atMost(WAIT).ignoreExceptions().until(() ->
                    Wav.toneLength(alice.received().orElseThrow(), BOB_HZ).toMillis() >= 2000
                    && Wav.toneLength(bob.received().orElseThrow(), ALICE_HZ).toMillis() >= 2000);
            alice.hangup();
            bob.awaitEvent("CALL_CLOSED", WAIT);
            alice.awaitEvent("CALL_CLOSED", WAIT);
            heard(alice, BOB_HZ);
            heard(bob, ALICE_HZ);
            assertThat(Wav.toneLength(alice.received().orElseThrow(), ALICE_HZ)).as("no echo of her own tone")
                    .isZero();
        }
        // quit unregisters
        LocationService location = server.bean(LocationService.class);
        await().atMost(WAIT).until(() -> location.lookup("alice@example.org").isEmpty()
                && location.lookup("bob@example.org").isEmpty());
    }

    @Test
    void aliceCallsANumberThroughTheB2buaToAGatewayAndEachHearsTheOther() throws Exception {
        try (Baresip gateway = Baresip.start(work.resolve("gateway-" + System.nanoTime()), Baresip.Account
                     .answering("sip:" + NUMBER_AT_GATEWAY + "@127.0.0.1:" + gatewayPort), GATEWAY_HZ, gatewayPort);
             Baresip alice = phone("alice", "alice-secret", ALICE_HZ)) {
            alice.dial("sip:" + NUMBER_AT_GATEWAY + "@example.org");
            gateway.awaitEvent("CALL_ESTABLISHED", WAIT);
            alice.awaitEvent("CALL_ESTABLISHED", WAIT);
            await().atMost(WAIT).ignoreExceptions().until(() -> Wav.toneLength(alice.received().orElseThrow(), GATEWAY_HZ)
                    .toMillis() >= 2000 && Wav.toneLength(gateway.received().orElseThrow(), ALICE_HZ)
                    .toMillis() >= 2000);
            alice.hangup();
            gateway.awaitEvent("CALL_CLOSED", WAIT);
            heard(alice, GATEWAY_HZ);
            heard(gateway, ALICE_HZ);
        }
    }
}

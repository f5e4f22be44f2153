package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.testing.Baresip;
import org.parloir.testing.SharedServer;

/**
 * What the XMPP → number tests share, whichever WebRTC stack the caller has ({@link BrowserToPhoneIT},
 * {@link AiortcToPhoneIT}): the number, baresip as its PSTN gateway, and the steps that do not depend on the stack.
 */
final class NumberCalls {

    static final String NUMBER = "+33139635511@phone.example.org";
    static final String AT_GATEWAY = "0139635511"; // +33 -> 0 on the gateway
    static final int GATEWAY_HZ = 1000;
    static final Duration WAIT = Duration.ofSeconds(30);

    private NumberCalls() {
    }

    /** baresip on the profile's first gateway port, answering with a 1 kHz tone and recording what it hears. */
    static Baresip gateway(SharedServer server, Path dir) throws Exception {
        int port = server.gatewayPort(0);
        return Baresip.start(dir.resolve("gateway-" + System.nanoTime()), Baresip.Account.answering(
                "sip:" + AT_GATEWAY + "@127.0.0.1:" + port), GATEWAY_HZ, port);
    }

    /** {@code caller} calls the number; the gateway's BYE ends the Jingle session with success; no port is left. */
    static void gatewayHangsUp(BrowserPeer caller, SharedServer server, Path dir) throws Exception {
        try (Baresip gateway = gateway(server, dir)) {
            caller.call(NUMBER);
            gateway.awaitEvent("CALL_ESTABLISHED", WAIT);
            caller.awaitActive();

            gateway.hangup();

            assertThat(caller.awaitEnded()).isEqualTo("success");
        }
        portsClosed(server);
    }

    static void portsClosed(SharedServer server) {
        await().atMost(WAIT).until(() -> server.bean(MediaRelay.class).openCount() == 0);
    }
}

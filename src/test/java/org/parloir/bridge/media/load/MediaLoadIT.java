package org.parloir.bridge.media.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * The bridged-media load harness itself, kept from rotting: five calls through Parloir's relay (a {@link RelayHost}
 * in this JVM, driven over its control port as the bench drives one in its own JVM) for a few seconds; every call
 * connects (ICE, DTLS-SRTP), its packets arrive both ways and none is lost. No figure is asserted: a shared CI
 * machine's timings say nothing.
 */
class MediaLoadIT {

    @Test
    void fiveBridgedCallsCarryEveryPacketBothWays() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        List<StepResult> steps;
        try (RelayHost host = RelayHost.start(loopback, 43300, 43399, 0, SetupRole.ACTIVE);
                RelayHostAnchor anchor = new RelayHostAnchor(new InetSocketAddress(loopback, host.controlPort()))) {
            MediaLoad.Plan plan = new MediaLoad.Plan(new int[] {5}, 1, 1, 3, 2, 1, 1,
                    new InetSocketAddress(loopback, 0));
            steps = MediaLoad.run(anchor, plan, new PrintStream(lines, true, StandardCharsets.UTF_8));
        }
        String printed = lines.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("CALL0 anchor=parloir client_dtls_role=passive").contains("STEP anchor=parloir");
        assertEveryPacketBothWays(steps, 5);
    }

    /** One step, every call connected and heard both ways, nothing lost or misrouted. */
    static void assertEveryPacketBothWays(List<StepResult> steps, int calls) {
        assertThat(steps).hasSize(1);
        StepResult step = steps.getFirst();
        assertThat(step.failures()).isEmpty();
        assertThat(step.connected()).isEqualTo(calls);
        assertThat(step.sent()).as("packets sent each way").doesNotContain(0L);
        assertThat(step.received()).as("no packet lost either way").containsExactly(step.sent());
        assertThat(step.silentCalls()).as("calls missing a direction").isZero();
        assertThat(step.misrouted()).isZero();
    }
}

package org.parloir.bridge.media.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rtpengine side of the bridged-media bench, kept from rotting: rtpengine 10.5 (Debian {@code rtpengine-daemon},
 * userspace, installed by {@code .ci/run}) in the foreground on loopback, five calls set up over ng (WebRTC offer
 * with DTLS-SRTP and full ICE on one side, plain RTP/AVP on the other), a few seconds of media: every call connects,
 * its packets arrive both ways and none is lost. No figure is asserted.
 */
class RtpengineLoadIT {

    @Test
    void fiveCallsThroughRtpengineCarryEveryPacketBothWays(@TempDir Path dir) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int ng;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            ng = probe.getLocalPort();
        }
        Path pidFile = dir.resolve("rtpengine.pid");
        Process rtpengine = new ProcessBuilder("rtpengine", "--config-file=none", "--foreground", "--log-stderr",
                "--log-level=5", "--table=-1", "--interface=127.0.0.1", "--listen-ng=127.0.0.1:" + ng,
                "--port-min=27000", "--port-max=27499", "--delete-delay=0", "--pidfile=" + pidFile)
                .redirectErrorStream(true).redirectOutput(dir.resolve("rtpengine.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0
                    || !rtpengine.isAlive());
            assertThat(rtpengine.isAlive()).as(() -> "rtpengine started: " + log(dir)).isTrue();
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            List<StepResult> steps;
            try (RtpengineAnchor anchor = new RtpengineAnchor(new InetSocketAddress(loopback, ng), rtpengine.pid(),
                    false)) {
                MediaLoad.Plan plan = new MediaLoad.Plan(new int[] {5}, 1, 1, 3, 2, 1, 1,
                        new InetSocketAddress(loopback, 0));
                steps = MediaLoad.run(anchor, plan, new PrintStream(lines, true, StandardCharsets.UTF_8));
            }
            assertThat(lines.toString(StandardCharsets.UTF_8)).as("rtpengine takes the DTLS client role by default")
                    .contains("CALL0 anchor=rtpengine client_dtls_role=passive");
            MediaLoadIT.assertEveryPacketBothWays(steps, 5);
        } finally {
            rtpengine.destroy();
            rtpengine.waitFor();
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("rtpengine.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}

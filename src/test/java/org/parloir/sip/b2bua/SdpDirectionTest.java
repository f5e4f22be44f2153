package org.parloir.sip.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpDirectionTest {

    private static final String OURS = "v=0\r\no=parloir 7 3 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 24000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            + "a=sendrecv\r\n";

    private static byte[] offer(String direction, boolean sessionLevel) {
        return ("v=0\r\no=bob 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + (sessionLevel ? "a=" + direction + "\r\n" : "") + "m=audio 30000 RTP/AVP 0\r\n"
                + (sessionLevel ? "" : "a=" + direction + "\r\n")).getBytes(StandardCharsets.US_ASCII);
    }

    private static String answer(byte[] ours, byte[] offer) {
        return new String(SdpDirection.answer(ours, offer), StandardCharsets.UTF_8);
    }

    @Test
    void aHoldIsAnsweredWithTheCounterpartAndANewVersion() {
        byte[] ours = OURS.getBytes(StandardCharsets.US_ASCII);
        String held = answer(ours, offer("sendonly", false));
        assertThat(held).contains("a=recvonly\r\n").doesNotContain("sendrecv").contains("o=parloir 7 4 IN IP4");
        assertThat(answer(ours, offer("inactive", true))).as("a session-level direction counts")
                .contains("a=inactive\r\n").contains("o=parloir 7 4 ");
        assertThat(answer(ours, offer("recvonly", false))).contains("a=sendonly\r\n");

        byte[] resumed = SdpDirection.answer(held.getBytes(StandardCharsets.UTF_8), offer("sendrecv", false));
        assertThat(new String(resumed, StandardCharsets.UTF_8)).contains("a=sendrecv\r\n").contains("o=parloir 7 5 ");
    }

    @Test
    void anUnchangedDirectionKeepsTheDescriptionAsItWas() {
        byte[] ours = OURS.getBytes(StandardCharsets.US_ASCII);
        assertThat(SdpDirection.answer(ours, offer("sendrecv", false))).isSameAs(ours);
        byte[] noDirection = "v=0\r\nm=audio 1 RTP/AVP 0\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SdpDirection.answer(ours, noDirection)).as("none said: sendrecv").isSameAs(ours);
        assertThat(SdpDirection.answer(ours, null)).isSameAs(ours);
    }
}

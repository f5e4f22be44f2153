package org.parloir.bridge.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.bridge.call.OfferCheckTest.EVENTS;
import static org.parloir.bridge.call.OfferCheckTest.PCMA;
import static org.parloir.bridge.call.OfferCheckTest.PCMU;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.sdp.Sdp;

class SipAnswerTest {

    private static final List<org.parloir.bridge.jingle.RtpDescription.PayloadType> OFFERED = List.of(PCMU, PCMA,
            EVENTS);

    private static final String HEAD = "v=0\r\no=gw 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n";

    private static Optional<SipAnswer> answer(String sdp) {
        return SipAnswer.of(Sdp.audio(sdp.getBytes(StandardCharsets.US_ASCII)), OFFERED);
    }

    @Test
    void aGatewayThatPicksPcmaAndNumbersDtmfItsOwnWayIsRenumbered() {
        SipAnswer a = answer(HEAD + "m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n").get();

        assertThat(a.forJingle()).containsExactly(PCMA, EVENTS);
        assertThat(a.jingleToSip()).isEqualTo(Map.of(8, 8, 126, 101));
        assertThat(a.address()).isEqualTo("192.0.2.9");
        assertThat(a.port()).isEqualTo(30000);
    }

    @Test
    void aRefusedStreamOrOnlyDtmfInCommonIsNoAnswer() {
        assertThat(answer(HEAD + "m=audio 0 RTP/AVP 0\r\n")).isEmpty();
        assertThat(answer(HEAD + "m=audio 30000 RTP/AVP 18 101\r\na=rtpmap:18 G729/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n")).isEmpty();
    }
}

package org.parloir.bridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;

class JingleAnswerTest {

    private static final PayloadType PCMU = new PayloadType(0, "PCMU", 8000, 1);
    private static final PayloadType PCMA = new PayloadType(8, "PCMA", 8000, 1);
    private static final PayloadType EVENTS = new PayloadType(101, "telephone-event", 8000, 1);
    private static final List<PayloadType> SIP_OFFER = List.of(PCMA, PCMU, EVENTS);

    @Test
    void theClientsChoiceGoesBackToTheSipCallerInTheCallersNumbers() {
        // a browser answers in its own order and numbers telephone-event 126 (RFC 3264 §6.1 allows it)
        JingleAnswer answer = JingleAnswer.of(List.of(PCMU, new PayloadType(126, "telephone-event", 8000, 1)),
                SIP_OFFER).orElseThrow();
        assertThat(answer.forSip()).containsExactly(PCMU, EVENTS);
        assertThat(answer.jingleToSip()).isEqualTo(Map.of(0, 0, 126, 101));
    }

    @Test
    void onlyDtmfOrNothingInCommonIsNoCall() {
        assertThat(JingleAnswer.of(List.of(EVENTS), SIP_OFFER)).isEmpty();
        assertThat(JingleAnswer.of(List.of(new PayloadType(111, "opus", 48000, 2)), SIP_OFFER)).isEmpty();
    }

    @Test
    void aCodecTheCallerDidNotOfferIsIgnored() {
        JingleAnswer answer = JingleAnswer.of(List.of(new PayloadType(9, "G722", 8000, 1), PCMA), SIP_OFFER)
                .orElseThrow();
        assertThat(answer.forSip()).containsExactly(PCMA);
        assertThat(answer.jingleToSip()).isEqualTo(Map.of(8, 8));
    }
}

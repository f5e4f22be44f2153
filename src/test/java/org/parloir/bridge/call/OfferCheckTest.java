package org.parloir.bridge.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parloir.bridge.jingle.IceUdpTransport;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.JingleAction;
import org.parloir.bridge.jingle.RtpDescription;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;
import org.parloir.bridge.media.dtls.SetupRole;

class OfferCheckTest {

    static final PayloadType OPUS = new PayloadType(111, "opus", 48000, 2);
    static final PayloadType PCMU = new PayloadType(0, "PCMU", 8000, 1);
    static final PayloadType PCMA = new PayloadType(8, "PCMA", 8000, 1);
    static final PayloadType EVENTS = new PayloadType(126, "telephone-event", 8000, 1, 0, Map.of("events", "0-16"),
            List.of());
    static final IceUdpTransport.Fingerprint FP = new IceUdpTransport.Fingerprint("sha-256", "actpass",
            "02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2");

    static Jingle offer(String media, List<PayloadType> types, IceUdpTransport transport) {
        RtpDescription d = new RtpDescription(media, null, types, true, List.of(), List.of(), List.of());
        return new Jingle(JingleAction.SESSION_INITIATE, "s1", "alice@example.org/web", null,
                List.of(new Jingle.Content("initiator", "0", "both", d, transport)), null, null, null);
    }

    static IceUdpTransport transport(IceUdpTransport.Fingerprint fp) {
        return new IceUdpTransport("8hhy", "asd88fgpdd777uzjYhagZg", List.of(), fp);
    }

    @Test
    void aBrowserOfferGivesTheSipSideG711AndDtmfInTheBrowsersOrderAndNumbers() {
        OfferCheck.Outcome o = OfferCheck.check(offer("audio", List.of(OPUS, PCMU, PCMA, EVENTS), transport(FP)));

        assertThat(o).isInstanceOfSatisfying(OfferCheck.Bridgeable.class, b -> {
            assertThat(b.sipOffer()).containsExactly(PCMU, PCMA, EVENTS);
            assertThat(b.audio().name()).isEqualTo("0");
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "no fingerprint, security-error",
            "opus only, failed-application",
            "video only, unsupported-applications",
            "no transport, unsupported-transports",
            "no ufrag, failed-transport",
            "setup holdconn, security-error"})
    void whatCannotBeBridgedIsRefusedWithTheXep0166Reason(String offer, String condition) {
        Jingle j = switch (offer) {
            case "no fingerprint" -> offer("audio", List.of(PCMU), transport(null));
            case "opus only" -> offer("audio", List.of(OPUS), transport(FP));
            case "video only" -> offer("video", List.of(new PayloadType(96, "VP8", 90000, 1)), transport(FP));
            case "no transport" -> offer("audio", List.of(PCMU), null);
            case "no ufrag" -> offer("audio", List.of(PCMU), new IceUdpTransport(null, null, List.of(), FP));
            case "setup holdconn" -> offer("audio", List.of(PCMU), transport(
                    new IceUdpTransport.Fingerprint("sha-256", "holdconn", FP.value())));
            default -> throw new IllegalArgumentException(offer);
        };

        assertThat(OfferCheck.check(j)).isInstanceOfSatisfying(OfferCheck.Refused.class,
                r -> assertThat(r.condition()).isEqualTo(condition));
    }

    @ParameterizedTest(name = "offer {0} -> we are {1}")
    @CsvSource({"actpass, ACTIVE", "passive, ACTIVE", "active, PASSIVE", ", ACTIVE"})
    void theAnswererTakesTheRoleTheOfferLeavesIt(String offered, SetupRole ours) {
        // RFC 5763 §5: the answerer of actpass picks; the bridge is active so that it starts the handshake itself
        assertThat(OfferCheck.answerRole(offered)).isEqualTo(ours);
    }
}

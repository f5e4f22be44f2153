package org.parloir.bridge.call;

import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.parloir.bridge.jingle.IceUdpTransport;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.Jingle.Content;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;

/**
 * Whether the bridge can take a Jingle session-initiate to a telephone number, and what it then offers the SIP
 * side. The bridge relays media without transcoding, so it needs an audio content over ICE-UDP with DTLS-SRTP
 * (XEP-0320) whose payload types include G.711, which every WebRTC endpoint has (RFC 7874 §3); the SIP offer is
 * G.711 and telephone-event/8000 (RFC 4733) with the initiator's own payload type numbers, so that what the
 * gateway answers usually needs no renumbering.
 */
public final class OfferCheck {

    /** What the PSTN side gets: the G.711 laws and DTMF events; PSTN gateways all speak these. */
    private static final Set<String> FOR_THE_PSTN = Set.of("PCMU", "PCMA");

    public sealed interface Outcome {
    }

    /**
     * The offer can be bridged.
     *
     * @param audio    the audio content the session is about (its name is echoed in the session-accept)
     * @param sipOffer payload types for the SIP offer, in the initiator's order of preference
     */
    public record Bridgeable(Content audio, List<PayloadType> sipOffer) implements Outcome {
    }

    /** It cannot: session-terminate with this XEP-0166 §7.4 condition and a text that says why. */
    public record Refused(String condition, String text) implements Outcome {
    }

    private OfferCheck() {
    }

    public static Outcome check(Jingle initiate) {
        Content audio = initiate.contents().stream()
                .filter(c -> c.description() != null && "audio".equals(c.description().media()))
                .findFirst().orElse(null);
        if (audio == null) {
            return new Refused("unsupported-applications", "the telephone gateway takes RTP audio sessions only");
        }
        IceUdpTransport transport = audio.transport();
        if (transport == null) {
            return new Refused("unsupported-transports", "the telephone gateway takes ICE-UDP transports only");
        }
        if (transport.ufrag() == null || transport.pwd() == null) {
            return new Refused("failed-transport", "the ICE-UDP transport has no ufrag and pwd");
        }
        if (transport.fingerprint() == null || transport.fingerprint().value() == null) {
            // XEP-0320 §3 / RFC 5763: without a fingerprint there is no key for SRTP, and plain RTP is not offered
            return new Refused("security-error", "the offer has no DTLS fingerprint (XEP-0320)");
        }
        try {
            new Fingerprint(transport.fingerprint().hash(), transport.fingerprint().value());
            answerRole(transport.fingerprint().setup());
        } catch (IllegalArgumentException e) {
            return new Refused("security-error", "unusable DTLS fingerprint or setup: " + e.getMessage());
        }
        return bridgeable(audio);
    }

    /**
     * Our DTLS role answering the offerer's {@code setup} (absent is actpass, RFC 4145 §4): to actpass the bridge
     * is active and starts the handshake itself (a bridge that announced a role and never acted on it broke Dino,
     * dino#1072).
     *
     * @throws IllegalArgumentException for anything but actpass, active or passive
     */
    public static SetupRole answerRole(String offered) {
        return (offered == null ? SetupRole.ACTPASS : SetupRole.parse(offered)).answerTo();
    }

    private static Outcome bridgeable(Content audio) {
        List<PayloadType> offer = new ArrayList<>();
        for (PayloadType t : audio.description().payloadTypes()) {
            if (t.clockrate() == 8000 && t.channels() == 1 && FOR_THE_PSTN.contains(t.name().toUpperCase())) {
                offer.add(t);
            }
        }
        if (offer.isEmpty()) {
            return new Refused("failed-application", "the offer has no G.711 (PCMU/PCMA); the gateway does not"
                    + " transcode");
        }
        audio.description().payloadTypes().stream()
                .filter(t -> "telephone-event".equalsIgnoreCase(t.name()) && t.clockrate() == 8000)
                .findFirst().ifPresent(offer::add);
        return new Bridgeable(audio, List.copyOf(offer));
    }
}

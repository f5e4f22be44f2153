package org.parloir.bridge.call;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;
import org.parloir.bridge.sdp.AudioSession;

/**
 * The SIP side's answer to the bridge's offer, mapped back to the Jingle side (RFC 3264 §6.1): the codecs both
 * share, in the answerer's order, carried in the Jingle session-accept with the initiator's payload type numbers;
 * RTP between the two legs is renumbered where the answerer chose other numbers for the same codec.
 *
 * @param forJingle         payload types of the session-accept (the initiator's numbers)
 * @param jingleToSip       payload type number on the Jingle leg to the number on the SIP leg
 * @param address           where the SIP side receives RTP
 * @param port              its port
 */
public record SipAnswer(List<PayloadType> forJingle, Map<Integer, Integer> jingleToSip, String address, int port) {

    /** Empty when the answer refuses the stream or shares no codec with what was offered. */
    public static Optional<SipAnswer> of(AudioSession answer, List<PayloadType> offered) {
        if (answer.refused()) {
            return Optional.empty();
        }
        List<PayloadType> forJingle = new ArrayList<>();
        Map<Integer, Integer> map = new LinkedHashMap<>();
        for (PayloadType theirs : answer.payloadTypes()) {
            offered.stream().filter(ours -> ours.sameCodec(theirs) && !map.containsKey(ours.id())).findFirst()
                    .ifPresent(ours -> {
                        forJingle.add(ours);
                        map.put(ours.id(), theirs.id());
                    });
        }
        boolean audio = forJingle.stream().anyMatch(t -> !"telephone-event".equalsIgnoreCase(t.name()));
        return audio ? Optional.of(new SipAnswer(List.copyOf(forJingle), Map.copyOf(map), answer.address(),
                answer.port())) : Optional.empty();
    }
}

package org.parloir.bridge.call;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;

/**
 * A Jingle client's session-accept to the bridge's session-initiate, mapped back to the SIP caller whose offer the
 * bridge passed on (RFC 3264 §6.1, the direction opposite to {@link SipAnswer}): the codecs the client accepted, in
 * its order, with the SIP caller's payload type numbers for the SDP answer; RTP is renumbered where the client
 * chose other numbers for the same codec.
 *
 * @param forSip      payload types of the SDP answer to the SIP caller (the caller's numbers)
 * @param jingleToSip payload type number on the Jingle leg to the number on the SIP leg
 */
public record JingleAnswer(List<PayloadType> forSip, Map<Integer, Integer> jingleToSip) {

    /** Empty when the client accepted no audio codec of the offer (telephone-event alone is no call). */
    public static Optional<JingleAnswer> of(List<PayloadType> accepted, List<PayloadType> sipOffer) {
        List<PayloadType> forSip = new ArrayList<>();
        Map<Integer, Integer> map = new LinkedHashMap<>();
        for (PayloadType theirs : accepted) {
            sipOffer.stream().filter(ours -> ours.sameCodec(theirs) && !map.containsValue(ours.id())
                            && !map.containsKey(theirs.id()))
                    .findFirst().ifPresent(ours -> {
                        forSip.add(ours);
                        map.put(theirs.id(), ours.id());
                    });
        }
        boolean audio = forSip.stream().anyMatch(t -> !"telephone-event".equalsIgnoreCase(t.name()));
        return audio ? Optional.of(new JingleAnswer(List.copyOf(forSip), Map.copyOf(map))) : Optional.empty();
    }
}

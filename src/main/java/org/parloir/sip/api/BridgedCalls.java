package org.parloir.sip.api;

/**
 * Calls to telephone numbers, or to a person's SIP devices, whose caller is not a SIP device but a session of the
 * Jingle bridge (issue 11). Calls to numbers take the path of a nomadic SIP call: only users of our domains, the deny list, RADIUS authorisation and
 * accounting, the B2BUA to the PSTN gateways with failover, maximum duration, one CDR per attempt.
 */
public interface BridgedCalls {

    /**
     * Starts a call; what the far end does is told to {@code caller}, on SIP threads, one event at a time.
     *
     * @throws IllegalArgumentException when the request is not a call the bridge may place (never for policy: a
     *                                  refused call is {@link CallParty#refused})
     */
    BridgedCall dial(BridgedCallRequest request, CallParty caller);

    /**
     * @param caller  the caller's address, {@code alice@example.org} (RADIUS User-Name, the CDR's caller)
     * @param device  the caller's device, {@code alice@example.org/conversations.x1y2} (the CDR's caller identity)
     * @param dialled what the caller dialled, a number in E.164 ({@code +33139635511}), or a person's SIP address
     *                ({@code bob@example.org}: their SIP devices are called through our proxy)
     * @param offer   the bridge's SDP offer for the SIP side (RFC 3264 §5): its relay port, G.711, telephone-event
     */
    record BridgedCallRequest(String caller, String device, String dialled, byte[] offer) {

        public BridgedCallRequest {
            offer = offer.clone();
        }

        @Override
        public byte[] offer() {
            return offer.clone();
        }
    }

    /** The bridge's side of one call: what it hears of the far end. Implementations never block. */
    interface CallParty {

        /** The far end rings (180, or 183 with early media already flowing to the relay). */
        void ringing();

        /** Answered (the final 2xx), with the far end's SDP answer (RFC 3264 §6). */
        void answered(byte[] answer);

        /** Not answered: the SIP final status that ended the attempt (486, 603, 480, 503, 403...). */
        void refused(int status);

        /**
         * Refused by this server itself (policy, number plan, limits) with {@code why}, the reason phrase its SIP
         * caller would have read ({@code Number not allowed}); the far end's own phrases are never passed on.
         */
        default void refused(int status, String why) {
            refused(status);
        }

        /** Hung up after the answer, by the far end or by the server (maximum duration, session timer). */
        void hungUp();

        /**
         * The far end sent a new description in the call (a re-INVITE or UPDATE, RFC 3264 §8: it moved its media);
         * the B2BUA has answered it with the bridge's unchanged description.
         */
        default void updated(byte[] description) {
        }

        /**
         * The bridge's side of the call as an administrator sees it in {@code /actuator/calls}: the Jingle session
         * (JID and resource, sid, codec) and both media legs' packets. Called on admin threads; never blocks.
         */
        default java.util.Map<String, Object> describe() {
            return java.util.Map.of();
        }
    }

    /** One placed call, as the bridge controls it. */
    interface BridgedCall {

        /** The Call-ID of the caller leg as the CDR and {@code /actuator/calls} show it. */
        String callId();

        /** The Jingle side ended the call: CANCEL before the answer, BYE after; the CDR is written either way. */
        void hangUp();

        /** The Jingle side put the answered call on hold ({@code true}) or took it off (XEP-0167 §7.1). */
        void hold(boolean held);
    }
}

package org.parloir.sip.api;

import java.util.Map;

/**
 * The XMPP devices of our users as SIP calls reach them (issue 11): a person whose online resources advertise Jingle
 * RTP audio (XEP-0115 caps) can be called from any SIP phone or the PSTN. The bridge implements it and rings them
 * with XEP-0353 proposals; the B2BUA answers the SIP caller as for a gateway call, with the bridge's relay in the
 * SDP. Implementations never block and never call back on the caller's thread.
 */
public interface JingleDevices {

    /** Does {@code aor} ({@code alice@example.org}) have an online resource the bridge can ring? In-memory. */
    boolean reachable(String aor);

    /**
     * Rings {@code request.callee()}'s Jingle devices; what happens is told to {@code answerer}, one event at a
     * time, on the bridge's threads.
     */
    Ringing ring(Ring request, Answerer answerer);

    /**
     * @param callee  the person called, {@code alice@example.org}
     * @param caller  the caller as the SIP From says, {@code sip:+33139635511@example.org} or
     *                {@code sip:carol@example.org}: the bridge shows it as a JID the callee can call back
     * @param callId  the SIP Call-ID of the caller's leg, for the logs
     * @param offer   the SIP caller's SDP offer (RFC 3264 §5)
     */
    record Ring(String callee, String caller, String callId, byte[] offer) {

        public Ring {
            offer = offer.clone();
        }

        @Override
        public byte[] offer() {
            return offer.clone();
        }
    }

    /** What the B2BUA hears of the Jingle side. */
    interface Answerer {

        /** A device rings (XEP-0353 ringing, or the proposal was delivered). */
        void ringing();

        /**
         * A device answered (session-accept): {@code answer} is the SDP for the SIP caller (RFC 3264 §6), the
         * bridge's relay port and the codecs the device accepted; {@code device} its full JID.
         */
        void answered(byte[] answer, String device);

        /** No device took the call: the refusal for the caller's INVITE (the Jingle reason through {@link JingleSip}). */
        void refused(Refusal refusal);

        /** The device ended the call after answering, or its media failed. */
        void hungUp();

        /** The device put the answered call on hold ({@code true}) or took it off (XEP-0167 §7.1). */
        void held(boolean held);
    }

    /** One ringing call, as the B2BUA controls it. */
    interface Ringing {

        /** The SIP caller gave up (CANCEL) or nobody answered in time: XEP-0353 retract / session-terminate. */
        void cancel();

        /** The SIP side ended the answered call (BYE, administrator, maximum duration): session-terminate. */
        void hangUp();

        /** The SIP caller moved its media (a re-INVITE or UPDATE with a new description, RFC 3264 §8). */
        void updated(byte[] description);

        /** The Jingle session and media legs for {@code /actuator/calls}; never blocks. */
        Map<String, Object> describe();
    }
}

package org.parloir.sip.b2bua;

import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.sip.api.Refusal;

/**
 * The caller of a B2BUA call: a SIP user agent's INVITE server transaction, or a Jingle session of the bridge
 * (issue 11), whose INVITE is synthesised and never on the wire. The call's state machine, policy, accounting and
 * CDR are the same for both; only what reaches the caller differs. Called with the call's lock held (or, in set-up,
 * from one thread at a time); never blocks.
 */
interface CallerSide {

    /** The caller's INVITE: the one it sent, or the bridge's own, built for the same headers and body. */
    Request invite();

    /** The caller still waits for the final answer (it has not cancelled meanwhile). */
    boolean waiting();

    /** A response to the INVITE, as a SIP caller would get it (1xx, the 2xx with our answer, a refusal). */
    void respond(Response response);

    /** A refusal before there is a call (policy, no gateway). */
    void refuse(Refusal refusal);

    /** The call is established and hung up from our side: BYE for a SIP caller, the hang-up for the bridge. */
    void hangUp(Leg leg);

    /** A SIP caller: its 2xx is retransmitted until ACKed and in-dialog requests are relayed to it. */
    boolean onTheWire();

    /** The call that took this caller, for the bridge's hang-up; SIP callers hang up with BYE or CANCEL. */
    default void attach(B2buaCall call) {
    }
}

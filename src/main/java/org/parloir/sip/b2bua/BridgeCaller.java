package org.parloir.sip.b2bua;

import java.util.concurrent.Executor;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.api.BridgedCalls.CallParty;
import org.parloir.sip.api.Refusal;

/**
 * A Jingle session of the bridge calling (issue 11): what a SIP caller would get on the wire becomes events of
 * its {@link CallParty}; its hang-up ends the call as a caller's CANCEL or BYE would.
 */
final class BridgeCaller implements CallerSide {

    private final Request invite;
    private final CallParty party;
    private final Executor executor;
    private final String device;
    private B2buaCall call;
    private boolean cancelled;
    private volatile boolean answered;
    private volatile boolean over;

    /** @param executor runs the Jingle side's hang-ups, so that no bridge lock is held while the call's is taken */
    BridgeCaller(Request invite, CallParty party, Executor executor, String device) {
        this.invite = invite;
        this.party = party;
        this.executor = executor;
        this.device = device;
    }

    /** The gateway's new description, from a re-INVITE or UPDATE it sent in the call. */
    void updated(byte[] description) {
        if (answered && !over) {
            party.updated(description);
        }
    }

    /** What the bridge says of its side, for the admin view. */
    java.util.Map<String, Object> describe() {
        return party.describe();
    }

    /** The caller's XMPP device, {@code alice@example.org/phone-app}: the CDR's caller identity. */
    String device() {
        return device;
    }

    @Override
    public Request invite() {
        return invite;
    }

    @Override
    public synchronized boolean waiting() {
        return !cancelled;
    }

    @Override
    public void respond(Response response) {
        int status = response.getStatusCode();
        if (status == 100 || over) {
            return;
        }
        if (status < 200) {
            party.ringing();
        } else if (status < 300) {
            answered = true;
            party.answered(response.getRawContent() == null ? new byte[0] : response.getRawContent());
        } else {
            over = true;
            party.refused(status);
        }
    }

    @Override
    public void refuse(Refusal refusal) {
        if (!over) {
            over = true;
            if (refusal.phrase() != null) {
                party.refused(refusal.status(), refusal.phrase());
            } else {
                party.refused(refusal.status());
            }
        }
    }

    @Override
    public void hangUp(Leg leg) {
        if (answered && !over) {
            over = true;
            party.hungUp();
        }
    }

    @Override
    public boolean onTheWire() {
        return false;
    }

    @Override
    public synchronized void attach(B2buaCall b2buaCall) {
        this.call = b2buaCall;
    }

    /** The Jingle side put the answered call on hold or took it off: the gateway hears of it in a re-INVITE. */
    void holdFromJingle(boolean held) {
        executor.execute(() -> {
            B2buaCall placed;
            synchronized (this) {
                placed = call;
            }
            if (placed != null && !over) {
                placed.holdFromBridge(true, held);
            }
        });
    }

    /** The Jingle side ended it: CANCEL before the answer, BYE after (the CDR says the caller hung up). */
    void hangUpFromJingle() {
        executor.execute(() -> {
            B2buaCall placed;
            synchronized (this) {
                cancelled = true;
                placed = call;
            }
            if (placed == null) {
                return; // still in set-up: the B2BUA sees it no longer waits and records the attempt (487)
            }
            synchronized (placed) {
                over = true;
                if (placed.state() == B2buaCall.State.ANSWERED) {
                    placed.end(HangupParty.CALLER, AccountingRecord.TerminateCause.USER_REQUEST, placed.caller);
                } else {
                    placed.onCallerCancel();
                }
            }
        });
    }
}

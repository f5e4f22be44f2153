package org.parloir.sip.b2bua;

import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TransactionState;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.sip.Replies;
import org.parloir.sip.SipHops;
import org.parloir.sip.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A SIP user agent calling: responses go on its INVITE server transaction, the hang-up is a BYE. */
final class SipCaller implements CallerSide {

    private static final Logger log = LoggerFactory.getLogger(SipCaller.class);

    private final ServerTransaction tx;
    private final Replies replies;
    private CallSignalling signalling;

    SipCaller(ServerTransaction tx, Replies replies) {
        this.tx = tx;
        this.replies = replies;
    }

    @Override
    public Request invite() {
        return tx.getRequest();
    }

    @Override
    public boolean waiting() {
        return tx.getState() == TransactionState.TRYING || tx.getState() == TransactionState.PROCEEDING;
    }

    @Override
    public void respond(Response response) {
        try {
            tx.sendResponse(response);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("{}: could not send {} to the caller: {}", SipHops.callId(tx.getRequest()),
                    response.getStatusCode(), e.getMessage());
        }
    }

    @Override
    public void refuse(Refusal refusal) {
        replies.refuse(tx, tx.getRequest(), refusal);
    }

    @Override
    public void hangUp(Leg leg) {
        signalling.sendBye(leg);
    }

    @Override
    public boolean onTheWire() {
        return true;
    }

    @Override
    public void attach(B2buaCall call) {
        this.signalling = call.signalling;
    }
}

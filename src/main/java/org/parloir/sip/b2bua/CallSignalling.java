package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.sip.ClientTransactionCallback;
import org.parloir.sip.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one B2BUA call sends on its legs outside the INVITE it places: responses on the caller's INVITE transaction,
 * ACKs for 2xx (RFC 3261 §13.2.2.4), BYEs (§15.1.1) and CANCELs (§9.1). Kept apart from {@link B2buaCall} so the
 * call holds its state machine and this class only the wire; a failed send is logged, never thrown, because the
 * call's state has already moved on. Called with the call's lock held.
 */
final class CallSignalling {

    private static final Logger log = LoggerFactory.getLogger(CallSignalling.class);

    /** Completes a response to the caller before it goes out (body, session timer headers...). */
    interface Decorator {
        void decorate(Response response) throws ParseException, InvalidArgumentException;
    }

    private final B2buaCall call;
    private final B2buaContext ctx;

    CallSignalling(B2buaCall call, B2buaContext ctx) {
        this.call = call;
        this.ctx = ctx;
    }

    /** The transport the caller's INVITE came over, for our Contact on the caller's leg. */
    String callerTransport() {
        return ((ViaHeader) call.callerInvite.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(Locale.ROOT);
    }

    /** The 200 to the caller's INVITE, in the caller's dialog (our To tag, Contact and Allow). */
    Response okToCaller(Decorator decorator) {
        return toCaller(ctx.messages().responses.ok(call.callerInvite, call.caller.localTag), decorator);
    }

    /** The gateway's provisional response passed on to the caller, in the caller's dialog. */
    void relayToCaller(Response far, Decorator decorator) {
        send(toCaller(ctx.messages().responses.relayed(call.callerInvite, far, call.caller.localTag), decorator));
    }

    /** 180 to the caller, in the caller's dialog: a callee of ours rings (a Jingle device, issue 11). */
    void ringingToCaller() {
        send(toCaller(ctx.messages().responses.ringing(call.callerInvite, call.caller.localTag), r -> { }));
    }

    /** A final failure to the caller's INVITE, with our To tag. */
    void refuseCaller(Refusal refusal) {
        send(ctx.messages().responses.refusal(call.callerInvite, refusal, call.caller.localTag));
    }

    private Response toCaller(Response r, Decorator decorator) {
        try {
            if (r.getStatusCode() < 300) {
                r.addHeader(ctx.messages().headers.createContactHeader(ctx.messages().contact(callerTransport())));
                r.addHeader(ctx.messages().headers.createAllowHeader(LegMessages.ALLOW));
            }
            decorator.decorate(r);
            return r;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build a " + r.getStatusCode() + " for the caller", e);
        }
    }

    void send(Response response) {
        call.callerSide.respond(response);
    }

    /** A 2xx ACK (RFC 3261 §13.2.2.4): a request of its own, sent without a transaction. */
    void sendAck(Leg leg, long cseq, byte[] body) {
        try {
            Request ack = ctx.messages().inDialog(leg, Request.ACK, cseq);
            if (body != null) {
                ctx.messages().setBody(ack, body);
            }
            ctx.messages().provider.sendRequest(ack);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot ACK on {}: {}", call.callId(), leg, e.getMessage());
        }
    }

    void sendBye(Leg leg) {
        if (leg == null || leg.remoteTag == null) {
            return;
        }
        try {
            Request bye = ctx.messages().inDialog(leg, Request.BYE, leg.nextCseq());
            ClientTransaction ct = ctx.messages().provider.getNewClientTransaction(bye);
            ct.setApplicationData(ClientTransactionCallback.IGNORE);
            ct.sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot send BYE on {}: {}", call.callId(), leg, e.getMessage());
        }
    }

    void sendCancel(ClientTransaction ct) {
        try {
            ClientTransaction cancel = ctx.messages().provider.getNewClientTransaction(ct.createCancel());
            cancel.setApplicationData(ClientTransactionCallback.IGNORE);
            cancel.sendRequest();
        } catch (SipException | RuntimeException e) {
            log.debug("{}: cannot CANCEL the gateway leg: {}", call.callId(), e.getMessage());
        }
    }

    /** A 2xx on a leg we no longer want: ACK it and hang it up at once. */
    void hangUpStray(Response ok) {
        try {
            CSeqHeader cseq = (CSeqHeader) ok.getHeader(CSeqHeader.NAME);
            FromHeader from = (FromHeader) ok.getHeader(FromHeader.NAME);
            Leg stray = Leg.calleeSide(((CallIdHeader) ok.getHeader(CallIdHeader.NAME)).getCallId(), from.getTag(),
                    from.getAddress(), ((ToHeader) ok.getHeader(ToHeader.NAME)).getAddress(), cseq.getSeqNumber());
            stray.confirm(ok);
            sendAck(stray, cseq.getSeqNumber(), null);
            sendBye(stray);
        } catch (RuntimeException e) {
            log.debug("{}: cannot hang up a late answer: {}", call.callId(), e.getMessage());
        }
    }
}

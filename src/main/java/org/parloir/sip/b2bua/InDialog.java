package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.util.Arrays;
import java.util.ListIterator;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.SipResponses;
import org.parloir.sip.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests inside an established call (RFC 3261 §12.2.2), on either leg: BYE ends the call on both sides, session
 * refreshes (RFC 4028) are answered here, and media changes (re-INVITE, UPDATE with a body) and other requests
 * (INFO, MESSAGE, NOTIFY, OPTIONS) are passed to the other leg, their answers passed back. Guarded by the call's
 * lock.
 */
final class InDialog {

    private static final Logger log = LoggerFactory.getLogger(InDialog.class);
    private static final Refusal CSEQ_OUT_OF_ORDER = new Refusal.ServerError("CSeq Out of Order", 0);
    /** RFC 3261 §8.2.1: a 405 lists what we allow in a call. */
    private static final Refusal NOT_ALLOWED = new Refusal.MethodNotAllowed(SipResponses.methods(LegMessages.ALLOW));
    /** Headers of a passed-through request that describe its body or its event package. */
    private static final String[] CARRIED = {"Event", "Subscription-State", "Info-Package", "Recv-Info",
            "Content-Disposition"};

    /** The 2xx of a passed-through re-INVITE whose ACK we owe the other side until the originator ACKs. */
    private record OwedAck(Leg to, long cseq) {
    }

    private final B2buaCall call;
    private final B2buaContext ctx;
    private boolean inviteInProgress;
    /** A hold change of the bridge's side that waits for the INVITE in progress, and its leg; null when none. */
    private Boolean pendingHold;
    private Leg pendingHoldLeg;
    private OwedAck owedAck;
    private OkRetransmission reinviteOk;

    InDialog(B2buaCall call, B2buaContext ctx) {
        this.call = call;
        this.ctx = ctx;
    }

    void onRequest(Leg from, Request request, Supplier<ServerTransaction> newTransaction) {
        synchronized (call) {
            String method = request.getMethod();
            if (Request.ACK.equals(method)) {
                onAck(from, request);
                return;
            }
            ServerTransaction st = newTransaction.get();
            if (st == null) {
                return;
            }
            long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
            if (Request.CANCEL.equals(method)) {
                send(st, ctx.messages().responses.ok(request)); // a CANCEL of a re-INVITE: the answer comes
                return;
            }
            if (cseq <= from.remoteCseq) {
                reply(st, request, CSEQ_OUT_OF_ORDER); // §12.2.2
                return;
            }
            from.remoteCseq = cseq;
            B2buaCall.State state = call.state();
            if (state == B2buaCall.State.ENDED) {
                reply(st, request, Refusal.NO_SUCH_CALL);
                return;
            }
            if (Request.BYE.equals(method)) {
                // the 200 to the BYE that ends the call says it is over: it goes once the call's CDR is durable
                // (an answer that means "done" follows the write it stands for); the server transaction absorbs
                // retransmissions meanwhile. It completes on the CDR journal thread: the reply is all it does.
                call.end(from == call.caller ? HangupParty.CALLER : HangupParty.CALLEE,
                        AccountingRecord.TerminateCause.USER_REQUEST, from).whenComplete((done, notDurable) -> {
                            if (notDurable != null) {
                                log.error("{}: CDR not durable ({}); BYE answered anyway, the record goes on from "
                                        + "memory", call.callId(), notDurable.getMessage());
                            }
                            send(st, ctx.messages().responses.ok(request));
                        });
                return;
            }
            if (state != B2buaCall.State.ANSWERED) {
                reply(st, request, Refusal.REQUEST_PENDING); // nothing to pass it to before the answer
                return;
            }
            refreshTarget(from, request);
            switch (method) {
                case Request.INVITE -> reInvite(from, request, st);
                case Request.UPDATE -> update(from, request, st);
                case Request.REFER, Request.SUBSCRIBE, Request.PRACK -> reply(st, request, NOT_ALLOWED);
                default -> relay(from, request, st);
            }
        }
    }

    /** §12.2.2: a target refresh request updates the remote target. */
    private static void refreshTarget(Leg from, Request request) {
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact != null && (Request.INVITE.equals(request.getMethod())
                || Request.UPDATE.equals(request.getMethod()))) {
            from.remoteTarget = contact.getAddress().getURI();
        }
    }

    private void reInvite(Leg from, Request request, ServerTransaction st) {
        if (inviteInProgress) {
            reply(st, request, Refusal.REQUEST_PENDING); // §14.2 glare
            return;
        }
        byte[] sdp = LegMessages.sdpOf(request);
        call.sessionTimers.refreshedBy(from);
        if (sdp == null || Arrays.equals(sdp, from.lastSdpReceived)) {
            // a session refresh (RFC 4028 §9): answered here with the description this leg already has
            Response ok = answerLocally(from, request, st, from.lastSdpSent);
            if (ok != null) {
                reinviteOk = OkRetransmission.start(ok, ctx.messages().provider, ctx.timers(), () -> { });
            }
            return;
        }
        from.lastSdpReceived = sdp;
        relay(from, request, st);
    }

    private void update(Leg from, Request request, ServerTransaction st) {
        byte[] sdp = LegMessages.sdpOf(request);
        call.sessionTimers.refreshedBy(from);
        if (sdp == null || Arrays.equals(sdp, from.lastSdpReceived)) {
            answerLocally(from, request, st, null);
            return;
        }
        from.lastSdpReceived = sdp;
        relay(from, request, st);
    }

    private Response answerLocally(Leg from, Request request, ServerTransaction st, byte[] body) {
        try {
            Response ok = ctx.messages().responses.ok(request);
            ok.addHeader(ctx.messages().headers.createContactHeader(
                    ctx.messages().contact(call.signalling.callerTransport())));
            ctx.messages().setBody(ok, body);
            call.sessionTimers.decorateRefreshAnswer(from, ok);
            st.sendResponse(ok);
            return ok;
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("{}: cannot answer a refresh: {}", call.callId(), e.getMessage());
            return null;
        }
    }

    /**
     * The bridge's side put the call on hold or took it off (XEP-0167 §7.1 session-info): a re-INVITE to the SIP
     * party on {@code leg} with our description in the new direction, {@code sendonly} or {@code sendrecv} (RFC 3264
     * §8.4). While another INVITE of this call is in progress the latest wish waits for its end (RFC 3261 §14.1:
     * one INVITE at a time). Call's lock held.
     */
    void hold(Leg leg, boolean held) {
        if (inviteInProgress) {
            pendingHold = held;
            pendingHoldLeg = leg;
            return;
        }
        byte[] sdp = SdpDirection.with(leg.lastSdpSent, held ? "sendonly" : "sendrecv");
        if (sdp == leg.lastSdpSent) {
            return;
        }
        try {
            Request reinvite = ctx.messages().inDialog(leg, Request.INVITE, leg.nextCseq());
            reinvite.addHeader(ctx.messages().headers.createAllowHeader(LegMessages.ALLOW));
            ctx.messages().setBody(reinvite, sdp);
            leg.lastSdpSent = sdp;
            inviteInProgress = true;
            ClientTransaction ct = ctx.messages().provider.getNewClientTransaction(reinvite);
            ct.setApplicationData(new Callbacks(e -> holdAnswered(leg, e.getResponse()), e -> holdAnswered(leg, null)));
            ct.sendRequest();
            log.info("{}: the bridge's side {} the call", call.callId(), held ? "holds" : "resumes");
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            inviteInProgress = false;
            log.info("{}: cannot send the hold re-INVITE: {}", call.callId(), e.getMessage());
        }
    }

    private void holdAnswered(Leg leg, Response response) {
        synchronized (call) {
            int status = response == null ? Refusal.REQUEST_TIMEOUT.status() : response.getStatusCode();
            if (status < 200) {
                return;
            }
            inviteInProgress = false;
            if (status < 300) {
                call.signalling.sendAck(leg, ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
                byte[] answer = LegMessages.sdpOf(response);
                leg.lastSdpReceived = answer != null ? answer : leg.lastSdpReceived;
            } else {
                log.info("{}: the hold re-INVITE got {}; the call goes on as it was", call.callId(), status);
            }
            holdWaiting();
        }
    }

    /** An INVITE of this call ended: a hold change that waited for it goes out now. Call's lock held. */
    private void holdWaiting() {
        if (pendingHold != null && call.state() == B2buaCall.State.ANSWERED) {
            boolean held = pendingHold;
            pendingHold = null;
            hold(pendingHoldLeg, held);
        }
    }

    /** Passes {@code request} to the other leg; its final answer comes back on {@code st}. */
    private void relay(Leg from, Request request, ServerTransaction st) {
        Leg to = call.other(from);
        String method = request.getMethod();
        if (to == call.caller && !call.callerSide.onTheWire() || call.jingleCallee(to)) {
            answerForTheBridge(from, request, st);
            return;
        }
        try {
            Request out = ctx.messages().inDialog(to, method, to.nextCseq());
            copyBody(request, out, to == call.caller);
            for (String name : CARRIED) {
                ListIterator<?> it = request.getHeaders(name);
                while (it.hasNext()) {
                    out.addHeader((Header) ((Header) it.next()).clone());
                }
            }
            if (Request.INVITE.equals(method)) {
                out.addHeader(ctx.messages().headers.createAllowHeader(LegMessages.ALLOW));
                to.lastSdpSent = LegMessages.sdpOf(out) != null ? LegMessages.sdpOf(out) : to.lastSdpSent;
                inviteInProgress = true;
            }
            ClientTransaction ct = ctx.messages().provider.getNewClientTransaction(out);
            ct.setApplicationData(new Callbacks(e -> relayed(from, to, request, st, e.getResponse()),
                    e -> relayed(from, to, request, st, null)));
            ct.sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot pass {} on: {}", call.callId(), method, e.getMessage());
            inviteInProgress = false;
            reply(st, request, Refusal.SERVER_ERROR);
        }
    }

    /**
     * A request for the side of the call that is a Jingle session of the bridge (the caller of a call to a number,
     * or the callee of a call to a person's Jingle devices): the bridge's relay keeps its description, so an offer
     * is answered with it (RFC 3264 §8: the same media, still acceptable), and the relay is told where the SIP
     * side's media went; INFO and OPTIONS are taken, the rest refused.
     */
    private void answerForTheBridge(Leg from, Request request, ServerTransaction st) {
        byte[] offer = LegMessages.sdpOf(request);
        if (offer != null && call.callerSide instanceof BridgeCaller bridge) {
            bridge.updated(offer); // the relay follows the gateway's media to where it moved
        } else if (offer != null) {
            call.callerMoved(offer);
        }
        // the relay's description again, its direction the counterpart of the offer's (a hold is answered recvonly)
        from.lastSdpSent = SdpDirection.answer(from.lastSdpSent, offer);
        switch (request.getMethod()) {
            case Request.INVITE -> {
                Response ok = answerLocally(from, request, st, from.lastSdpSent);
                if (ok != null) {
                    reinviteOk = OkRetransmission.start(ok, ctx.messages().provider, ctx.timers(), () -> { });
                }
            }
            case Request.UPDATE -> answerLocally(from, request, st, from.lastSdpSent);
            case Request.INFO, Request.OPTIONS -> send(st, ctx.messages().responses.ok(request));
            default -> reply(st, request, NOT_ALLOWED);
        }
    }

    /** The other leg answered a passed-through request ({@code response} null: it timed out). */
    private void relayed(Leg from, Leg to, Request request, ServerTransaction st, Response response) {
        synchronized (call) {
            int status = response == null ? Refusal.REQUEST_TIMEOUT.status() : response.getStatusCode();
            if (status <= 100) {
                return;
            }
            boolean invite = Request.INVITE.equals(request.getMethod());
            if (invite && status >= 200) {
                inviteInProgress = false;
                holdWaiting();
            }
            try {
                Response back = response == null ? ctx.messages().responses.refusal(request, Refusal.REQUEST_TIMEOUT)
                        : ctx.messages().responses.relayed(request, response, null);
                if (response != null) {
                    copyBody(response, back, from == call.caller);
                    if (status < 300) {
                        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
                        if (contact != null && invite) {
                            to.remoteTarget = contact.getAddress().getURI();
                        }
                        back.addHeader(ctx.messages().headers.createContactHeader(
                                ctx.messages().contact(call.signalling.callerTransport())));
                    }
                }
                if (invite && status >= 200 && status < 300) {
                    byte[] answer = LegMessages.sdpOf(back);
                    if (answer != null) {
                        from.lastSdpSent = answer;
                        to.lastSdpReceived = LegMessages.sdpOf(response);
                    }
                    call.sessionTimers.decorateRefreshAnswer(from, back);
                    long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
                    if (LegMessages.sdpOf(request) != null) {
                        call.signalling.sendAck(to, cseq, null); // the offer was in the INVITE: nothing to wait for
                    } else {
                        owedAck = new OwedAck(to, cseq); // late offer: the answer comes in the originator's ACK
                    }
                }
                st.sendResponse(back);
                if (invite && status >= 200 && status < 300) {
                    reinviteOk = OkRetransmission.start(back, ctx.messages().provider, ctx.timers(), () -> { });
                }
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                log.debug("{}: cannot pass a {} back: {}", call.callId(), status, e.getMessage());
            }
            if (status == Refusal.NO_SUCH_CALL.status() || (response == null && invite)) {
                // §12.2.1.2: the other side has lost the dialog
                call.end(HangupParty.SERVER, AccountingRecord.TerminateCause.LOST_SERVICE, null);
            }
        }
    }

    private void onAck(Leg from, Request ack) {
        long cseq = ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (from == call.caller && call.onCallerAck(cseq)) {
            return;
        }
        if (reinviteOk != null && reinviteOk.acked(cseq)) {
            reinviteOk = null;
        }
        if (owedAck != null && owedAck.to() != from) {
            byte[] sdp = LegMessages.sdpOf(ack);
            call.signalling.sendAck(owedAck.to(), owedAck.cseq(), sdp == null ? null
                    : owedAck.to() == call.caller ? call.visibleToCaller(sdp) : sdp);
            owedAck = null;
        }
    }

    /** Copies a body and its type; a session description going to the caller is scrubbed when hiding. */
    private void copyBody(javax.sip.message.Message in, javax.sip.message.Message out, boolean toCaller)
            throws ParseException {
        byte[] raw = in.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) in.getHeader(ContentTypeHeader.NAME);
        if (raw == null || raw.length == 0 || type == null) {
            return;
        }
        byte[] sdp = LegMessages.sdpOf(in);
        if (sdp != null) {
            ctx.messages().setBody(out, toCaller ? call.visibleToCaller(sdp) : sdp);
        } else if (!(toCaller && call.spec.hideNumber())) {
            out.setContent(raw, (ContentTypeHeader) type.clone());
        }
    }

    private void reply(ServerTransaction st, Request request, Refusal refusal) {
        send(st, ctx.messages().responses.refusal(request, refusal));
    }

    private void send(ServerTransaction st, Response response) {
        try {
            st.sendResponse(response);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("{}: cannot answer with {}: {}", call.callId(), response.getStatusCode(), e.getMessage());
        }
    }
}

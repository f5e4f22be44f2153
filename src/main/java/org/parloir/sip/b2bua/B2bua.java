package org.parloir.sip.b2bua;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.sip.ServerTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.SipHops;
import org.parloir.sip.api.Refusal;

/**
 * The back-to-back user agent: the calls it terminates on both sides (PSTN and hidden-number calls), and the
 * dispatching of every message that belongs to one of them. The dispatcher asks {@link #accepts} before the proxy
 * sees a request.
 */
public final class B2bua {

    /**
     * A call as an administrator sees it.
     *
     * @param bridge for a call of the Jingle bridge (either way), its Jingle session and media legs; null otherwise
     */
    public record ActiveCall(String id, String callId, String caller, String dialled, String route, String gateway,
                             String state, Instant start, Instant answer, java.util.Map<String, Object> bridge) {
    }

    private final B2buaContext ctx;

    B2bua(B2buaContext ctx) {
        this.ctx = ctx;
    }

    B2buaContext context() {
        return ctx;
    }

    /** Places {@code spec} for {@code caller}. */
    void start(CallerSide caller, CallSpec spec) {
        Request invite = caller.invite();
        if (!caller.waiting()) {
            // the caller cancelled while the call was being set up (directory lookup, AAA): nothing to place
            spec.onEnd().run();
            ctx.cdrs().record(new org.parloir.cdr.api.CallDetail(
                    ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(),
                    ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI().toString(),
                    spec.callerIdentity(), invite.getRequestURI().toString(), spec.numberValue(),
                    spec.route(), null, spec.startTime(), null, Instant.now(), Refusal.REQUEST_TERMINATED.status(),
                    HangupParty.CALLER, null));
            return;
        }
        String id = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        B2buaCall call = new B2buaCall(id, spec, caller, SipHops.inviteKey(invite), ctx);
        ctx.table().add(call, call.inviteKey);
        call.start();
    }

    private B2buaCall find(Request request) {
        if (Request.CANCEL.equals(request.getMethod())) {
            return ctx.table().byInvite(SipHops.inviteKey(request));
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        return ctx.table().byDialog(callId, ((ToHeader) request.getHeader(ToHeader.NAME)).getTag());
    }

    /**
     * Handles {@code request} when it is ours — within one of our calls' dialogs (our tag in its To), or a CANCEL
     * of a caller's INVITE we are handling — and says whether it was (the dispatcher offers it here first).
     */
    public boolean onRequest(Request request, Supplier<ServerTransaction> newTransaction) {
        B2buaCall call = find(request);
        if (call == null) {
            return false;
        }
        if (Request.CANCEL.equals(request.getMethod())) {
            ServerTransaction st = newTransaction.get();
            try {
                if (st != null) {
                    // RFC 3261 §9.2: the To tag of the 200 to the CANCEL is that of the 487 to the INVITE
                    st.sendResponse(ctx.messages().responses.ok(request, call.caller.localTag));
                }
            } catch (Exception e) {
                // the 487 to the INVITE below is what matters to the caller
            }
            call.onCallerCancel();
            return true;
        }
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        Leg leg = call.caller.localTag.equals(toTag) ? call.caller : call.callee();
        if (leg != null) {
            call.inDialog().onRequest(leg, request, newTransaction);
        }
        return true;
    }

    /**
     * A response no transaction took: a 2xx the gateway retransmits because our ACK was lost. True when it was
     * one of ours.
     */
    public boolean onStrayResponse(Response response) {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (via == null || via.getBranch() == null || !via.getBranch().startsWith(LegMessages.BRANCH)) {
            return false;
        }
        String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        B2buaCall call = ctx.table().byDialog(callId, ((FromHeader) response.getHeader(FromHeader.NAME)).getTag());
        if (call != null && response.getStatusCode() >= 200 && response.getStatusCode() < 300) {
            call.onStrayOk(response);
        }
        return true;
    }

    public List<ActiveCall> calls() {
        return ctx.table().all().stream()
                .map(c -> new ActiveCall(c.id, c.callId(), c.spec.callerIdentity() != null
                        ? c.spec.callerIdentity() : c.fromUri(), c.callerInvite.getRequestURI().toString(),
                        c.spec.route().name().toLowerCase(java.util.Locale.ROOT), c.gatewayName(),
                        c.state().name().toLowerCase(java.util.Locale.ROOT), c.spec.startTime(), c.answerTime(),
                        c.callerSide instanceof BridgeCaller bridge ? bridge.describe() : c.jingleSession()))
                .sorted(Comparator.comparing(ActiveCall::start))
                .toList();
    }

    /** Ends call {@code id} (BYE to both sides, or 480 to the caller while it rings); false when unknown. */
    public boolean hangUp(String id) {
        B2buaCall call = ctx.table().byId(id);
        if (call == null) {
            return false;
        }
        call.end(HangupParty.SERVER, AccountingRecord.TerminateCause.ADMIN_RESET, null);
        return true;
    }

    public int activeCalls() {
        return ctx.table().size();
    }

}

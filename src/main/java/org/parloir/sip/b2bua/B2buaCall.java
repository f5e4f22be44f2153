package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.header.CSeqHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.HangupParty;
import org.parloir.core.UserAddress;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call the B2BUA terminates on both sides: the caller's INVITE answered as a UAS, and an INVITE of our own to
 * a gateway, tried on each gateway in turn until one takes it (RFC 3261 §8.1.3.4 failover on 5xx, 408 and
 * timeouts). Session descriptions are relayed unchanged (media flows between the endpoints) except that a hidden
 * number is scrubbed from what reaches the caller. All state changes hold this object's lock.
 */
final class B2buaCall {

    private static final Logger log = LoggerFactory.getLogger(B2buaCall.class);
    private static final long T1 = OkRetransmission.T1;

    enum State { CALLING, EARLY, ANSWERED, ENDED }

    final String id;
    final CallSpec spec;
    final ServerTransaction callerTx;
    final Request callerInvite;
    final String inviteKey;
    final Leg caller;
    private final B2buaContext ctx;
    private final InDialog inDialog;
    private Leg callee;
    private ClientTransaction calleeInvite;
    private int nextGateway;
    private GatewayTarget gateway;
    private boolean provisionalSeen;
    private boolean cancelWanted;
    private boolean authTried;
    private boolean sessionRetried;
    private State state = State.CALLING;
    private Instant answerTime;
    private Instant endTime;
    private HangupParty hungUpBy;
    private int finalStatus;
    private int lastFailure = 503;
    private Response okToCaller;
    private boolean callerAcked;
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> maxTimer;
    private OkRetransmission okRetransmission;
    private ScheduledFuture<?> interimTimer;
    final SessionTimers sessionTimers;
    private String acctSessionId;
    private java.util.concurrent.CompletionStage<Void> accounting =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    B2buaCall(String id, CallSpec spec, ServerTransaction callerTx, String inviteKey, B2buaContext ctx) {
        this.id = id;
        this.spec = spec;
        this.callerTx = callerTx;
        this.callerInvite = callerTx.getRequest();
        this.inviteKey = inviteKey;
        this.ctx = ctx;
        this.caller = Leg.callerSide(callerInvite, ctx.messages().newTag());
        this.caller.lastSdpReceived = LegMessages.sdpOf(callerInvite);
        this.caller.peerAllowsUpdate = LegMessages.allowsUpdate(callerInvite);
        this.inDialog = new InDialog(this, ctx);
        this.sessionTimers = new SessionTimers(this, ctx);
    }

    // ---------------------------------------------------------------- set-up

    synchronized void start() {
        Optional<Integer> tooSmall = sessionTimers.checkCallerInterval(callerInvite);
        if (tooSmall.isPresent()) {
            // RFC 4028 §8.1: an interval below our Min-SE is refused with 422 and our Min-SE
            sendToCaller(422, "Session Interval Too Small", r -> sessionTimers.addMinSe(r));
            ended(422, HangupParty.SERVER);
            return;
        }
        tryNextGateway();
    }

    private void tryNextGateway() {
        while (nextGateway < spec.gateways().size()) {
            gateway = spec.gateways().get(nextGateway++);
            authTried = false;
            sessionRetried = false;
            provisionalSeen = false;
            ctx.metrics().attempt(spec.route(), gateway.gateway());
            try {
                callee = newCalleeLeg();
                sendInvite(null, sessionTimers.requestedInterval());
                return;
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                log.info("{}: cannot send to gateway {}: {}", callId(), gateway.gateway(), e.getMessage());
                ctx.pstn().report(gateway, AttemptOutcome.FAILED);
                lastFailure = 503;
            }
        }
        if (lastFailure == 408) {
            failCaller(408, "Request Timeout", HangupParty.SERVER);
        } else {
            failCaller(503, "PSTN gateways unavailable", HangupParty.SERVER);
        }
    }

    private Leg newCalleeLeg() throws ParseException {
        var addresses = ctx.messages().addresses;
        FromHeader from = (FromHeader) callerInvite.getHeader(FromHeader.NAME);
        Address fromAddr = (Address) from.getAddress().clone();
        Address toAddr = addresses.createAddress(addresses.createURI("sip:" + gateway.number() + "@"
                + bracket(gateway.host())));
        Leg leg = Leg.calleeSide(ctx.messages().provider.getNewCallId().getCallId(), ctx.messages().newTag(),
                fromAddr, toAddr, 1);
        leg.remoteTarget = addresses.createURI(gateway.requestUri());
        return leg;
    }

    private static String bracket(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Sends (or re-sends, after a challenge or a 422) the INVITE of the callee leg. */
    private void sendInvite(Header credentials, Duration sessionExpires)
            throws ParseException, SipException, InvalidArgumentException {
        LegMessages m = ctx.messages();
        Request invite = m.inDialog(callee, Request.INVITE, callee.localCseq);
        invite.addHeader(m.headers.createAllowHeader(LegMessages.ALLOW));
        sessionTimers.decorateInvite(invite, sessionExpires);
        if (credentials != null) {
            invite.addHeader(credentials);
        }
        m.setBody(invite, caller.lastSdpReceived);
        callee.lastSdpSent = caller.lastSdpReceived;
        ClientTransaction ct = m.provider.getNewClientTransaction(invite);
        ct.setApplicationData(new Callbacks(e -> onCalleeResponse(ct, e.getResponse()), e -> onCalleeTimeout(ct)));
        calleeInvite = ct;
        ctx.table().addLeg(this, callee);
        ct.sendRequest();
        cancel(ringTimer);
        ringTimer = null; // armed by the first provisional: a silent gateway is the transaction's timeout (Timer B)
        log.debug("{}: INVITE {} via gateway {}", callId(), invite.getRequestURI(), gateway.gateway());
    }

    // ---------------------------------------------------------------- callee leg responses

    private void onCalleeResponse(ClientTransaction ct, Response response) {
        synchronized (this) {
            int status = response.getStatusCode();
            if (ct != calleeInvite) {
                if (status >= 200 && status < 300) {
                    hangUpStray(response); // a late answer of an attempt we gave up on
                }
                return;
            }
            if (status < 200) {
                onCalleeProvisional(ct, response);
                return;
            }
            cancel(ringTimer);
            if (status < 300) {
                onCalleeAnswer(response);
                return;
            }
            ctx.table().removeLeg(callee);
            if (state == State.ENDED) {
                ctx.pstn().report(gateway, outcomeOf(status));
                return; // the caller has gone (CANCEL) and was answered already
            }
            if (retried(response)) {
                return;
            }
            if (status >= 500 && status < 600 || status == 408 || status == 401 || status == 407) {
                // the gateway failed (a challenge we cannot answer is a trunk misconfiguration): try the next one
                log.info("{}: gateway {} answered {}, trying the next one", callId(), gateway.gateway(), status);
                ctx.pstn().report(gateway, status == 408 ? AttemptOutcome.TIMEOUT : AttemptOutcome.FAILED);
                lastFailure = status == 408 ? 408 : 503;
                tryNextGateway();
                return;
            }
            ctx.pstn().report(gateway, AttemptOutcome.WORKING);
            // busy, declined, not found...: the callee's answer; our own standard phrase so nothing leaks
            failCaller(status, null, HangupParty.CALLEE);
        }
    }

    private static AttemptOutcome outcomeOf(int status) {
        return status >= 500 ? AttemptOutcome.FAILED : status == 408 ? AttemptOutcome.TIMEOUT
                : AttemptOutcome.WORKING;
    }

    /** A challenge we can answer or a 422 we can satisfy: the INVITE goes again to the same gateway. */
    private boolean retried(Response response) {
        int status = response.getStatusCode();
        try {
            if ((status == 401 || status == 407) && !authTried && gateway.credentials().isPresent()
                    && ctx.challenges() != null) {
                authTried = true;
                Optional<Header> answer = ctx.challenges().answer(response, calleeInvite.getRequest(),
                        gateway.credentials().get());
                if (answer.isPresent()) {
                    callee.nextCseq();
                    sendInvite(answer.get(), sessionTimers.requestedInterval());
                    return true;
                }
            }
            if (status == 422 && !sessionRetried) {
                Optional<Duration> minSe = SessionTimers.minSe(response);
                if (minSe.isPresent()) {
                    sessionRetried = true;
                    callee.nextCseq();
                    sendInvite(null, minSe.get());
                    return true;
                }
            }
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot re-send INVITE to {}: {}", callId(), gateway.gateway(), e.getMessage());
        }
        return false;
    }

    private void onCalleeProvisional(ClientTransaction ct, Response response) {
        if (ringTimer == null && state != State.ENDED) {
            // the gateway is working on it: from now on only the ring timeout ends the wait (Timer B has stopped)
            ringTimer = ctx.timers().schedule(() -> onRingTimeout(ct), ctx.props().ringTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        provisionalSeen = true;
        if (cancelWanted) {
            sendCancel(ct); // RFC 3261 §9.1: a CANCEL waits for a provisional response (100 included)
            return;
        }
        if (response.getStatusCode() == 100) {
            return;
        }
        if (state == State.ENDED || state == State.ANSWERED) {
            return;
        }
        state = State.EARLY;
        byte[] sdp = LegMessages.sdpOf(response);
        if (sdp != null) {
            caller.lastSdpSent = visibleToCaller(sdp);
        }
        int status = response.getStatusCode();
        sendToCaller(status, null, r -> ctx.messages().setBody(r, sdp == null ? null : caller.lastSdpSent));
    }

    private void onCalleeAnswer(Response ok) {
        try {
            callee.confirm(ok);
        } catch (RuntimeException e) {
            log.info("{}: malformed 2xx from gateway: {}", callId(), e.getMessage());
        }
        callee.peerAllowsUpdate = LegMessages.allowsUpdate(ok);
        callee.lastSdpReceived = LegMessages.sdpOf(ok);
        sendAck(callee, ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
        if (state == State.ENDED) {
            sendBye(callee); // answered after the caller gave up
            return;
        }
        ctx.pstn().report(gateway, AttemptOutcome.WORKING);
        ctx.metrics().answered(spec.route(), gateway.gateway());
        state = State.ANSWERED;
        answerTime = Instant.now();
        sessionTimers.calleeAnswered(ok);
        byte[] sdp = callee.lastSdpReceived == null ? caller.lastSdpSent : visibleToCaller(callee.lastSdpReceived);
        caller.lastSdpSent = sdp;
        okToCaller = buildToCaller(200, "OK", r -> {
            ctx.messages().setBody(r, sdp);
            sessionTimers.decorateCallerAnswer(r);
        });
        send(okToCaller);
        okRetransmission = OkRetransmission.start(okToCaller, ctx.messages().provider, ctx.timers(), () -> {
            log.info("{}: no ACK for our 200 from the caller, ending the call", callId());
            end(HangupParty.SERVER, AccountingRecord.TerminateCause.NAS_ERROR, null);
        });
        maxTimer = ctx.timers().schedule(() -> end(HangupParty.SERVER,
                AccountingRecord.TerminateCause.SESSION_TIMEOUT, null), spec.maxDuration().toMillis(),
                TimeUnit.MILLISECONDS);
        startAccounting();
        log.info("{}: answered by {} via {} ({})", callId(), spec.hideNumber() ? "a hidden number" : spec.number(),
                gateway.gateway(), spec.route());
    }

    private void onCalleeTimeout(ClientTransaction ct) {
        synchronized (this) {
            if (ct != calleeInvite || state == State.ANSWERED) {
                return;
            }
            cancel(ringTimer);
            ctx.table().removeLeg(callee);
            ctx.pstn().report(gateway, AttemptOutcome.TIMEOUT);
            if (state == State.ENDED) {
                return;
            }
            log.info("{}: gateway {} did not answer, trying the next one", callId(), gateway.gateway());
            lastFailure = 408;
            tryNextGateway();
        }
    }

    /** Rung too long: give up on this call (not a gateway fault: the callee does not pick up). */
    private void onRingTimeout(ClientTransaction ct) {
        synchronized (this) {
            if (ct != calleeInvite || state == State.ANSWERED || state == State.ENDED) {
                return;
            }
            log.info("{}: no answer after {}, cancelling", callId(), ctx.props().ringTimeout());
            cancelCallee();
            failCaller(480, "No Answer", HangupParty.SERVER);
        }
    }

    // ---------------------------------------------------------------- caller side

    /** The caller's CANCEL (RFC 3261 §9.2): 487 to the INVITE, and the gateway leg is cancelled. */
    synchronized void onCallerCancel() {
        if (state == State.ANSWERED || state == State.ENDED) {
            return;
        }
        failCaller(487, "Request Terminated", HangupParty.CALLER);
        cancelCallee();
    }

    private void cancelCallee() {
        if (calleeInvite == null) {
            return;
        }
        if (provisionalSeen) {
            sendCancel(calleeInvite);
        } else {
            cancelWanted = true;
        }
    }

    /** An ACK from the caller: true when it acknowledged our 200 to its INVITE. */
    synchronized boolean onCallerAck(long cseq) {
        if (!callerAcked && okRetransmission != null && okRetransmission.acked(cseq)) {
            callerAcked = true;
            return true;
        }
        return false;
    }

    boolean isCallerAcked() {
        return callerAcked;
    }

    InDialog inDialog() {
        return inDialog;
    }

    /** Hang up from this side (BYE received from {@code from}, or the server when null). */
    synchronized void end(HangupParty party, AccountingRecord.TerminateCause cause, Leg from) {
        if (state == State.ENDED) {
            return;
        }
        if (state != State.ANSWERED) {
            cancelCallee();
            failCaller(480, "Call ended by the server", party);
            return;
        }
        state = State.ENDED;
        endTime = Instant.now();
        hungUpBy = party;
        finalStatus = 200;
        if (from != caller) {
            sendBye(caller);
        }
        if (from != callee) {
            sendBye(callee);
        }
        log.info("{}: ended by {} after {} s", callId(), party.name().toLowerCase(java.util.Locale.ROOT),
                Duration.between(answerTime, endTime).toSeconds());
        finish(cause);
    }

    /** A final failure to the caller; the call is over. */
    private void failCaller(int status, String reason, HangupParty party) {
        if (state == State.ENDED) {
            return;
        }
        sendToCaller(status, reason, r -> { });
        ended(status, party);
    }

    private void ended(int status, HangupParty party) {
        state = State.ENDED;
        finalStatus = status;
        hungUpBy = party;
        endTime = Instant.now();
        log.info("{}: {} to the caller ({})", callId(), status, party.name().toLowerCase(java.util.Locale.ROOT));
        finish(AccountingRecord.TerminateCause.USER_REQUEST);
    }

    private void finish(AccountingRecord.TerminateCause cause) {
        cancel(ringTimer);
        cancel(maxTimer);
        cancel(interimTimer);
        if (okRetransmission != null) {
            okRetransmission.stop();
        }
        sessionTimers.stop();
        ctx.table().remove(this, inviteKey);
        // the legs stay known a little longer so that retransmitted BYEs and ACKs still find the call
        Leg c = callee;
        ctx.timers().schedule(() -> {
            ctx.table().removeLeg(caller);
            if (c != null) {
                ctx.table().removeLeg(c);
            }
        }, 64 * T1, TimeUnit.MILLISECONDS);
        if (acctSessionId != null) {
            AccountingRecord stop = accountingRecord(Optional.of(cause));
            account(() -> ctx.accounting().stop(stop));
        }
        ctx.cdrs().record(new CallDetail(callId(), fromUri(), spec.callerIdentity(),
                callerInvite.getRequestURI().toString(), spec.number().value(), spec.route(),
                gateway == null ? null : gateway.gateway(), spec.startTime(), answerTime, endTime, finalStatus,
                hungUpBy, acctSessionId));
    }

    // ---------------------------------------------------------------- accounting

    private void startAccounting() {
        if (!spec.accounted() || !ctx.accounting().enabled()) {
            return;
        }
        acctSessionId = ctx.accounting().newSessionId();
        AccountingRecord start = accountingRecord(Optional.empty());
        account(() -> ctx.accounting().start(start));
        long interim = ctx.accounting().interimInterval().toMillis();
        if (interim > 0) {
            interimTimer = ctx.timers().scheduleAtFixedRate(() -> {
                synchronized (this) {
                    if (state == State.ANSWERED) {
                        AccountingRecord interimRecord = accountingRecord(Optional.empty());
                        account(() -> ctx.accounting().interim(interimRecord));
                    }
                }
            }, interim, interim, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sends one Accounting-Request after the previous one of this call was answered (or given up): a short call's
     * Stop must not overtake its Start (RFC 2866 servers pair them by order of arrival in their logs).
     */
    private void account(java.util.function.Supplier<java.util.concurrent.CompletionStage<Void>> request) {
        accounting = accounting.handle((ok, error) -> null).thenCompose(ignored -> request.get());
    }

    private AccountingRecord accountingRecord(Optional<AccountingRecord.TerminateCause> cause) {
        Instant until = endTime != null ? endTime : Instant.now();
        Duration time = answerTime == null ? Duration.ZERO : Duration.between(answerTime, until);
        UserAddress who = spec.callerIdentity() == null ? null : UserAddress.parse(spec.callerIdentity());
        return new AccountingRecord(acctSessionId, who, spec.username(), fromUri(), spec.number(), callId(), time,
                cause, Optional.ofNullable(spec.callClass()));
    }

    // ---------------------------------------------------------------- sending

    interface Decorator {
        void decorate(Response response) throws ParseException, InvalidArgumentException;
    }

    private Response buildToCaller(int status, String reason, Decorator decorator) {
        try {
            Response r = ctx.messages().response(callerInvite, status, reason);
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(caller.localTag);
            if (status < 300) {
                r.addHeader(ctx.messages().headers.createContactHeader(ctx.messages().contact(
                        callerTransport())));
                r.addHeader(ctx.messages().headers.createAllowHeader(LegMessages.ALLOW));
            }
            decorator.decorate(r);
            return r;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build a " + status + " for the caller", e);
        }
    }

    private void sendToCaller(int status, String reason, Decorator decorator) {
        send(buildToCaller(status, reason, decorator));
    }

    private void send(Response response) {
        try {
            callerTx.sendResponse(response);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("{}: could not send {} to the caller: {}", callId(), response.getStatusCode(), e.getMessage());
        }
    }

    String callerTransport() {
        return ((javax.sip.header.ViaHeader) callerInvite.getHeader(javax.sip.header.ViaHeader.NAME)).getTransport()
                .toLowerCase(java.util.Locale.ROOT);
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
            log.info("{}: cannot ACK on {}: {}", callId(), leg, e.getMessage());
        }
    }

    void sendBye(Leg leg) {
        if (leg == null || leg.remoteTag == null) {
            return;
        }
        try {
            Request bye = ctx.messages().inDialog(leg, Request.BYE, leg.nextCseq());
            ClientTransaction ct = ctx.messages().provider.getNewClientTransaction(bye);
            ct.setApplicationData(Callbacks.ignoring());
            ct.sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot send BYE on {}: {}", callId(), leg, e.getMessage());
        }
    }

    private void sendCancel(ClientTransaction ct) {
        try {
            ClientTransaction cancel = ctx.messages().provider.getNewClientTransaction(ct.createCancel());
            cancel.setApplicationData(Callbacks.ignoring());
            cancel.sendRequest();
        } catch (SipException | RuntimeException e) {
            log.debug("{}: cannot CANCEL the gateway leg: {}", callId(), e.getMessage());
        }
        cancelWanted = false;
    }

    /** A 2xx on a leg we no longer want: ACK it and hang it up at once. */
    private void hangUpStray(Response ok) {
        try {
            CSeqHeader cseq = (CSeqHeader) ok.getHeader(CSeqHeader.NAME);
            FromHeader from = (FromHeader) ok.getHeader(FromHeader.NAME);
            Leg stray = Leg.calleeSide(((javax.sip.header.CallIdHeader) ok.getHeader(
                    javax.sip.header.CallIdHeader.NAME)).getCallId(), from.getTag(), from.getAddress(),
                    ((ToHeader) ok.getHeader(ToHeader.NAME)).getAddress(), cseq.getSeqNumber());
            stray.confirm(ok);
            sendAck(stray, cseq.getSeqNumber(), null);
            sendBye(stray);
        } catch (RuntimeException e) {
            log.debug("{}: cannot hang up a late answer: {}", callId(), e.getMessage());
        }
    }

    /** A 2xx retransmitted by the gateway after its transaction ended: our ACK was lost, send it again. */
    synchronized void onStrayOk(Response ok) {
        if (callee != null && callee.remoteTag != null) {
            sendAck(callee, ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
        }
    }

    byte[] visibleToCaller(byte[] sdp) {
        return spec.hideNumber() ? SdpPrivacy.scrub(sdp) : sdp;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    // ---------------------------------------------------------------- views

    Leg callee() {
        return callee;
    }

    Leg other(Leg leg) {
        return leg == caller ? callee : caller;
    }

    synchronized State state() {
        return state;
    }

    synchronized Instant answerTime() {
        return answerTime;
    }

    synchronized String gatewayName() {
        return gateway == null ? null : gateway.gateway();
    }

    String callId() {
        return caller.callId;
    }

    String fromUri() {
        return ((FromHeader) callerInvite.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
    }
}

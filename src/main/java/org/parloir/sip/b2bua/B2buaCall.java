package org.parloir.sip.b2bua;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.HangupParty;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.sip.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call the B2BUA terminates on both sides: the caller's INVITE answered as a UAS, and an INVITE of our own to
 * a gateway, tried on each gateway in turn until one takes it (RFC 3261 §8.1.3.4 failover on 5xx, 408 and
 * timeouts). Session descriptions are relayed unchanged (media flows between the endpoints) except that a hidden
 * number is scrubbed from what reaches the caller. All state changes hold this object's lock.
 * <p>This class keeps the state machine; the gateway INVITEs are {@link GatewayAttempts}, what goes on the wire
 * otherwise is {@link CallSignalling}, and the RADIUS accounting is {@link CallAccountingSession}, all guarded by
 * the same lock.
 */
final class B2buaCall {

    private static final Logger log = LoggerFactory.getLogger(B2buaCall.class);
    private static final long T1 = OkRetransmission.T1;
    private static final Refusal GATEWAYS_UNAVAILABLE = new Refusal.ServiceUnavailable("PSTN gateways unavailable",
            0);
    private static final Refusal ENDED_BY_SERVER = new Refusal.TemporarilyUnavailable("Call ended by the server");

    enum State { CALLING, EARLY, ANSWERED, ENDED }

    final String id;
    final CallSpec spec;
    final CallerSide callerSide;
    final Request callerInvite;
    final String inviteKey;
    final Leg caller;
    private final B2buaContext ctx;
    private final InDialog inDialog;
    final CallSignalling signalling;
    private final GatewayAttempts attempts;
    /** The callee side of a call to a person's Jingle devices (issue 11); null for gateway calls. */
    private final JingleCallee jingle;
    /** A call to a person whose SIP devices ring too, through our proxy ({@link GatewayAttempts#tryDevices}). */
    private final boolean sipDevices;
    /** The callee side that answered (the Jingle leg or the SIP devices' leg); null until one does. */
    private Leg answered;
    /** Why each side of a call to a person gave up, and who ended it; null while it may still answer. */
    private Refusal jingleFailure;
    private Refusal sipFailure;
    private HangupParty jingleParty;
    private HangupParty sipParty;
    private final CallAccountingSession accounting;
    private State state = State.CALLING;
    private Instant answerTime;
    private Instant endTime;
    private HangupParty hungUpBy;
    private int finalStatus;
    private Response okToCaller;
    private boolean callerAcked;
    private ScheduledFuture<?> maxTimer;
    private OkRetransmission okRetransmission;
    final SessionTimers sessionTimers;

    B2buaCall(String id, CallSpec spec, CallerSide callerSide, String inviteKey, B2buaContext ctx) {
        this.id = id;
        this.spec = spec;
        this.callerSide = callerSide;
        this.callerInvite = callerSide.invite();
        this.inviteKey = inviteKey;
        this.ctx = ctx;
        this.caller = Leg.callerSide(callerInvite, ctx.messages().newTag());
        this.caller.lastSdpReceived = LegMessages.sdpOf(callerInvite);
        this.caller.peerAllowsUpdate = LegMessages.allowsUpdate(callerInvite);
        this.inDialog = new InDialog(this, ctx);
        this.sessionTimers = new SessionTimers(this, ctx);
        this.signalling = new CallSignalling(this, ctx);
        this.attempts = new GatewayAttempts(this, ctx);
        try {
            this.jingle = spec.person() == null || !spec.person().jingleDevices() ? null : new JingleCallee(this, ctx);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("the caller's INVITE has unusable From/To addresses", e);
        }
        this.sipDevices = spec.person() != null && spec.person().sipDevices();
        this.accounting = new CallAccountingSession(this, ctx);
        callerSide.attach(this);
    }

    // ---------------------------------------------------------------- set-up

    synchronized void start() {
        Optional<Integer> tooSmall = sessionTimers.checkCallerInterval(callerInvite);
        if (tooSmall.isPresent()) {
            // RFC 4028 §8.1: an interval below our Min-SE is refused with 422 and our Min-SE
            Refusal refusal = new Refusal.SessionIntervalTooSmall(tooSmall.get());
            signalling.refuseCaller(refusal);
            ended(refusal.status(), HangupParty.SERVER);
            return;
        }
        if (spec.person() != null) {
            // a person: their Jingle clients, and their SIP devices at the same time when they have some; one
            // attempt per kind rung, tagged as its answer will be (xmpp, sip)
            if (jingle != null) {
                ctx.metrics().attempt(spec.route(), "xmpp");
            }
            if (sipDevices) {
                ctx.metrics().attempt(spec.route(), "sip");
            }
            if (jingle != null && !jingle.ring()) {
                jingleFailure = Refusal.TEMPORARILY_UNAVAILABLE; // no bridge in this server
            }
            if (sipDevices && !attempts.tryDevices()) {
                sipFailure = Refusal.TEMPORARILY_UNAVAILABLE;
            }
            if (!stillRinging()) {
                failCaller(Refusal.TEMPORARILY_UNAVAILABLE, HangupParty.SERVER);
            }
            return;
        }
        tryNextGateway();
    }

    private void tryNextGateway() {
        if (attempts.tryNext()) {
            return;
        }
        failCaller(attempts.lastFailure() == Refusal.REQUEST_TIMEOUT.status() ? Refusal.REQUEST_TIMEOUT
                : GATEWAYS_UNAVAILABLE, HangupParty.SERVER);
    }

    // ---------------------------------------------------------------- callee leg responses

    void onCalleeResponse(ClientTransaction ct, Response response) {
        synchronized (this) {
            int status = response.getStatusCode();
            if (!attempts.isCurrent(ct)) {
                if (status >= 200 && status < 300) {
                    signalling.hangUpStray(response); // a late answer of an attempt we gave up on
                }
                return;
            }
            if (status < 200) {
                onCalleeProvisional(ct, response);
                return;
            }
            attempts.stopRinging();
            if (status < 300) {
                onCalleeAnswer(response);
                return;
            }
            ctx.table().removeLeg(attempts.callee());
            if (state == State.ENDED) {
                attempts.reportLate(status);
                return; // the caller has gone (CANCEL) and was answered already
            }
            if (attempts.retried(response)) {
                return;
            }
            if (sipDevices) {
                // the person's SIP devices said no (or the proxy did): their Jingle clients may still answer
                sideFailed(false, Refusal.relay(status), HangupParty.CALLEE);
                return;
            }
            if (status >= 500 && status < 600 || status == 408 || status == 401 || status == 407) {
                // the gateway failed (a challenge we cannot answer is a trunk misconfiguration): try the next one
                log.info("{}: gateway {} answered {}, trying the next one", callId(), gatewayName(), status);
                attempts.failed(status);
                tryNextGateway();
                return;
            }
            attempts.report(AttemptOutcome.WORKING);
            // busy, declined, not found...: the callee's answer; our own standard phrase so nothing leaks
            failCaller(Refusal.relay(status), HangupParty.CALLEE);
        }
    }

    private void onCalleeProvisional(ClientTransaction ct, Response response) {
        if (attempts.provisional(ct)) {
            return; // it let the CANCEL that waited for it go out
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
        signalling.relayToCaller(response, r -> ctx.messages().setBody(r, sdp == null ? null : caller.lastSdpSent));
    }

    private void onCalleeAnswer(Response ok) {
        Leg callee = attempts.callee();
        try {
            callee.confirm(ok);
        } catch (RuntimeException e) {
            log.info("{}: malformed 2xx from gateway: {}", callId(), e.getMessage());
        }
        callee.peerAllowsUpdate = LegMessages.allowsUpdate(ok);
        callee.lastSdpReceived = LegMessages.sdpOf(ok);
        signalling.sendAck(callee, ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
        if (state == State.ENDED || state == State.ANSWERED) {
            signalling.sendBye(callee); // answered after the caller gave up, or after a Jingle client did
            return;
        }
        if (jingle != null) {
            jingle.cancel(); // a SIP device of the person answered first: the Jingle clients stop ringing
        }
        answered = callee;
        attempts.report(AttemptOutcome.WORKING);
        ctx.metrics().answered(spec.route(), gatewayName());
        sessionTimers.calleeAnswered(ok);
        answeredWith(callee.lastSdpReceived);
    }

    /** The callee answered with {@code calleeSdp}: our 200 to the caller, the call timers and accounting. */
    private void answeredWith(byte[] calleeSdp) {
        state = State.ANSWERED;
        answerTime = Instant.now();
        byte[] sdp = calleeSdp == null ? caller.lastSdpSent : visibleToCaller(calleeSdp);
        caller.lastSdpSent = sdp;
        okToCaller = signalling.okToCaller(r -> {
            ctx.messages().setBody(r, sdp);
            sessionTimers.decorateCallerAnswer(r);
        });
        signalling.send(okToCaller);
        if (callerSide.onTheWire()) {
            okRetransmission = OkRetransmission.start(okToCaller, ctx.messages().provider, ctx.timers(), () -> {
                log.info("{}: no ACK for our 200 from the caller, ending the call", callId());
                end(HangupParty.SERVER, AccountingRecord.TerminateCause.NAS_ERROR, null);
            });
        } else {
            callerAcked = true; // the bridge's answer is a Jingle session-accept: nothing to retransmit
        }
        maxTimer = ctx.timers().schedule(() -> end(HangupParty.SERVER,
                AccountingRecord.TerminateCause.SESSION_TIMEOUT, null), spec.maxDuration().toMillis(),
                TimeUnit.MILLISECONDS);
        accounting.start();
        log.info("{}: answered by {} via {} ({})", callId(), spec.person() != null ? cdrGateway()
                : spec.hideNumber() ? "a hidden number" : spec.number(), gatewayName(), spec.route());
    }

    // ---------------------------------------------------------------- a Jingle callee (issue 11)

    /** A device rings: 180 to the caller. */
    synchronized void onJingleRinging() {
        if (state == State.CALLING) {
            state = State.EARLY;
            signalling.ringingToCaller();
        }
    }

    /** A device answered with {@code sdp} (the bridge's relay). Called with this call's lock held. */
    void onJingleAnswer(byte[] sdp) {
        jingle.stopRinging();
        if (state == State.ENDED) {
            jingle.hangUp(); // answered after the caller gave up
            return;
        }
        if (state == State.ANSWERED) {
            if (answered != jingle.leg) {
                jingle.hangUp(); // a SIP device answered first
            }
            return;
        }
        if (sipDevices) {
            attempts.cancel(); // first answer wins: the SIP devices stop ringing (the proxy CANCELs each)
        }
        answered = jingle.leg;
        ctx.metrics().answered(spec.route(), gatewayName());
        answeredWith(sdp);
    }

    /** No device took the call; devices-then-phone goes on to the person's number when none was there to answer. */
    synchronized void onJingleRefused(Refusal refusal) {
        jingle.stopRinging();
        sideFailed(true, refusal, HangupParty.CALLEE);
    }

    /** The device ended the call (or its media failed). */
    synchronized void onJingleHangUp() {
        if (state == State.ANSWERED) {
            if (answered == jingle.leg) {
                end(HangupParty.CALLEE, AccountingRecord.TerminateCause.USER_REQUEST, jingle.leg);
            } // else the cancelled Jingle side of a call a SIP device took
        } else if (state != State.ENDED) {
            sideFailed(true, Refusal.TEMPORARILY_UNAVAILABLE, HangupParty.CALLEE);
        }
    }

    /**
     * One callee side of a call to a person gave up with {@code refusal}. While the other still rings nothing
     * happens (a decline on one device does not end the call on the others); once both have, the caller gets the
     * answer that says most ({@link #chosen}). A device that went away or did not answer lets devices-then-phone
     * go on to the person's number; a busy or a decline is final, so no phone call is placed behind their back, nor
     * when a device answered and the session failed (security, codecs).
     */
    private void sideFailed(boolean jingleSide, Refusal refusal, HangupParty party) {
        if (jingleSide) {
            jingleFailure = refusal;
            jingleParty = party;
        } else {
            sipFailure = refusal;
            sipParty = party;
        }
        if (state == State.ENDED || state == State.ANSWERED || stillRinging()) {
            return;
        }
        Refusal outcome = chosen(jingleFailure, sipFailure);
        HangupParty by = outcome == jingleFailure ? jingleParty : sipParty; // the CDR names who said it
        int status = outcome.status();
        if (status == Refusal.TEMPORARILY_UNAVAILABLE.status() || status == Refusal.REQUEST_TIMEOUT.status()) {
            fallBackOrFail(outcome, by);
        } else {
            failCaller(outcome, by);
        }
    }

    /** Does a callee side of this call to a person still ring? */
    private boolean stillRinging() {
        return jingle != null && jingleFailure == null || sipDevices && sipFailure == null;
    }

    /**
     * What the caller gets when both sides of a call to a person failed (after RFC 3261 §16.7 step 6): a 6xx (the
     * person declined) first, then a busy, then any other answer of a device, and "not there" (480, then 408)
     * last; null for a side that was not rung.
     */
    static Refusal chosen(Refusal a, Refusal b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return rank(b.status()) > rank(a.status()) ? b : a;
    }

    private static int rank(int status) {
        if (status >= 600) {
            return 5;
        }
        if (status == 486) {
            return 4;
        }
        if (status == 480) {
            return 2;
        }
        if (status == 408) {
            return 1;
        }
        return status >= 500 ? 0 : 3;
    }

    /** Rung too long: the proposals are retracted. */
    synchronized void onJingleRingTimeout() {
        if (state == State.ANSWERED || state == State.ENDED) {
            return;
        }
        log.info("{}: no Jingle device answered after {}, cancelling", callId(), ctx.props().ringTimeout());
        jingle.cancel();
        sideFailed(true, Refusal.NO_ANSWER, HangupParty.SERVER);
    }

    /**
     * Devices-then-phone: this attempt ends with its CDR, and the caller's INVITE goes on to the person's
     * directory number as a new call (one CDR per attempt); otherwise {@code refusal} to the caller.
     */
    private void fallBackOrFail(Refusal refusal, HangupParty party) {
        var fallback = spec.person().fallback();
        if (fallback == null || !callerSide.waiting()) {
            failCaller(refusal, party);
            return;
        }
        log.info("{}: no Jingle device answered ({}), calling the person's number", callId(), refusal.status());
        ended(refusal.status(), party);
        fallback.accept(callerSide);
    }

    void onCalleeTimeout(ClientTransaction ct) {
        synchronized (this) {
            if (!attempts.isCurrent(ct) || state == State.ANSWERED) {
                return;
            }
            attempts.stopRinging();
            ctx.table().removeLeg(attempts.callee());
            attempts.failed(408);
            if (state == State.ENDED) {
                return;
            }
            if (sipDevices) {
                sideFailed(false, Refusal.REQUEST_TIMEOUT, HangupParty.SERVER);
                return;
            }
            log.info("{}: gateway {} did not answer, trying the next one", callId(), gatewayName());
            tryNextGateway();
        }
    }

    /** Rung too long: give up on this call (not a gateway fault: the callee does not pick up). */
    void onRingTimeout(ClientTransaction ct) {
        synchronized (this) {
            if (!attempts.isCurrent(ct) || state == State.ANSWERED || state == State.ENDED) {
                return;
            }
            log.info("{}: no answer after {}, cancelling", callId(), ctx.props().ringTimeout());
            attempts.cancel();
            if (sipDevices) {
                sideFailed(false, Refusal.NO_ANSWER, HangupParty.SERVER);
                return;
            }
            failCaller(Refusal.NO_ANSWER, HangupParty.SERVER);
        }
    }

    // ---------------------------------------------------------------- caller side

    /** The caller's CANCEL (RFC 3261 §9.2): 487 to the INVITE, and the gateway leg is cancelled. */
    synchronized void onCallerCancel() {
        if (state == State.ANSWERED || state == State.ENDED) {
            return;
        }
        failCaller(Refusal.REQUEST_TERMINATED, HangupParty.CALLER);
        cancelCallee();
    }

    private void cancelCallee() {
        if (jingle != null) {
            jingle.cancel();
        }
        if (jingle == null || sipDevices) {
            attempts.cancel();
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

    /**
     * Hang up from this side (BYE received from {@code from}, or the server when null).
     *
     * @return completes once the call's CDR is durable (see {@link org.parloir.cdr.api.CdrRecorder#record})
     */
    synchronized CompletionStage<Void> end(HangupParty party, AccountingRecord.TerminateCause cause, Leg from) {
        if (state == State.ENDED) {
            return CompletableFuture.completedFuture(null);
        }
        if (state != State.ANSWERED) {
            cancelCallee();
            return failCaller(ENDED_BY_SERVER, party);
        }
        state = State.ENDED;
        endTime = Instant.now();
        hungUpBy = party;
        finalStatus = 200;
        if (from != caller) {
            callerSide.hangUp(caller);
        }
        if (from != callee()) {
            if (jingleCallee(callee())) {
                jingle.hangUp();
            } else {
                signalling.sendBye(attempts.callee());
            }
        }
        log.info("{}: ended by {} after {} s", callId(), party.name().toLowerCase(java.util.Locale.ROOT),
                Duration.between(answerTime, endTime).toSeconds());
        return finish(cause);
    }

    /** A final failure to the caller; the call is over. */
    private CompletionStage<Void> failCaller(Refusal refusal, HangupParty party) {
        if (state == State.ENDED) {
            return CompletableFuture.completedFuture(null);
        }
        signalling.refuseCaller(refusal);
        return ended(refusal.status(), party);
    }

    private CompletionStage<Void> ended(int status, HangupParty party) {
        state = State.ENDED;
        finalStatus = status;
        hungUpBy = party;
        endTime = Instant.now();
        log.info("{}: {} to the caller ({})", callId(), status, party.name().toLowerCase(java.util.Locale.ROOT));
        return finish(AccountingRecord.TerminateCause.USER_REQUEST);
    }

    /** @return completes once the call's CDR is durable */
    private CompletionStage<Void> finish(AccountingRecord.TerminateCause cause) {
        attempts.stopRinging();
        if (jingle != null) {
            jingle.stopRinging();
        }
        cancel(maxTimer);
        if (okRetransmission != null) {
            okRetransmission.stop();
        }
        sessionTimers.stop();
        ctx.table().remove(this, inviteKey);
        // the legs stay known a little longer so that retransmitted BYEs and ACKs still find the call
        Leg c = attempts.callee();
        ctx.timers().schedule(() -> {
            ctx.table().removeLeg(caller);
            if (c != null) {
                ctx.table().removeLeg(c);
            }
        }, 64 * T1, TimeUnit.MILLISECONDS);
        accounting.stop(cause);
        spec.onEnd().run();
        return ctx.cdrs().record(new CallDetail(callId(), fromUri(), spec.callerIdentity(),
                callerInvite.getRequestURI().toString(), spec.numberValue(), spec.route(), cdrGateway(),
                spec.startTime(), answerTime, endTime, finalStatus, hungUpBy, accounting.sessionId()));
    }

    /** A 2xx retransmitted by the gateway after its transaction ended: our ACK was lost, send it again. */
    synchronized void onStrayOk(Response ok) {
        Leg callee = attempts.callee();
        if (callee != null && callee.remoteTag != null) {
            signalling.sendAck(callee, ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
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
        if (answered != null) {
            return answered;
        }
        return jingle != null ? jingle.leg : attempts.callee();
    }

    Leg other(Leg leg) {
        return leg == caller ? callee() : caller;
    }

    /** The callee is a person's Jingle device, not a SIP user agent on the wire. */
    boolean jingleCallee(Leg leg) {
        return jingle != null && leg == jingle.leg;
    }

    /**
     * The bridge's side of an answered call put it on hold or took it off: the SIP party hears of it in a
     * re-INVITE ({@link InDialog#hold}). {@code jingleIsCaller}: the Jingle session is the caller (a call to a
     * number), else the callee (a call to a person's Jingle device).
     */
    synchronized void holdFromBridge(boolean jingleIsCaller, boolean held) {
        if (state != State.ANSWERED) {
            return;
        }
        if (jingleIsCaller ? jingleCallee(callee()) : !callerSide.onTheWire()) {
            return; // the other side is the bridge's too: no SIP party to tell
        }
        inDialog.hold(jingleIsCaller ? callee() : caller, held);
    }

    /** The caller moved its media (a re-INVITE answered here): the bridge's relay follows. */
    void callerMoved(byte[] description) {
        if (jingle != null) {
            jingle.updated(description);
        }
    }

    /** The bridge's Jingle session of this call, for the admin view; null for a gateway call. */
    synchronized java.util.Map<String, Object> jingleSession() {
        return jingle == null || answered != null && answered != jingle.leg ? null : jingle.describe();
    }

    synchronized State state() {
        return state;
    }

    synchronized Instant answerTime() {
        return answerTime;
    }

    synchronized Instant endTime() {
        return endTime;
    }

    /**
     * The gateway of the current attempt; for a call to a person (a meter tag) {@code xmpp}, or {@code sip} once
     * one of their SIP devices answered.
     */
    synchronized String gatewayName() {
        if (spec.person() != null) {
            return answered != null && !jingleCallee(answered) || jingle == null ? "sip" : "xmpp";
        }
        return attempts.gateway() == null ? null : attempts.gateway().gateway();
    }

    /** Where the call went, as its CDR says: the gateway, or the device that answered (its JID or SIP contact). */
    private String cdrGateway() {
        if (spec.person() != null) {
            if (answered != null && !jingleCallee(answered)) {
                return answered.remoteTarget.toString();
            }
            return jingle != null && jingle.device() != null ? jingle.device() : gatewayName();
        }
        return gatewayName();
    }

    String callId() {
        return caller.callId;
    }

    String fromUri() {
        return ((FromHeader) callerInvite.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
    }
}

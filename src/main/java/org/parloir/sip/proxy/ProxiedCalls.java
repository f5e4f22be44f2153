package org.parloir.sip.proxy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.CallMetrics;

/**
 * Call-detail records of proxied INVITEs: one per attempt, written when it fails, or when the answered call's BYE
 * passes through us (we record-route). Answered calls whose BYE we never see (record-route off, a lost BYE) are
 * recorded at answer time, or when they outlive the longest call allowed.
 */
public final class ProxiedCalls {

    /** One proxied INVITE, from its arrival. */
    static final class Attempt {
        final String callId;
        final String fromTag;
        final String callerAor;
        final String identity;
        final String dialled;
        final Instant start = Instant.now();
        Instant answer;
        /** Set on answer when both parties gave a Contact: lets an administrator end the call. */
        ProxiedDialog dialog;

        Attempt(String callId, String fromTag, String callerAor, String identity, String dialled) {
            this.callId = callId;
            this.fromTag = fromTag;
            this.callerAor = callerAor;
            this.identity = identity;
            this.dialled = dialled;
        }
    }

    /** An answered proxied call as an administrator sees it. */
    public record ActiveProxiedCall(String callId, String caller, String dialled, Instant start, Instant answer) {
    }

    /** Sends a BYE within a proxied dialog, to the callee or to the caller (as if from the other party). */
    interface Byes {
        void send(ProxiedDialog dialog, boolean toCallee);
    }

    private Byes byes = (d, toCallee) -> {
        throw new IllegalStateException("no BYE sender");
    };

    private final CdrRecorder cdrs;
    private final CallMetrics metrics;
    private final boolean seesBye;
    private final Duration maxDuration;
    private final Map<String, Attempt> answered = new ConcurrentHashMap<>();

    public ProxiedCalls(CdrRecorder cdrs, CallMetrics metrics, boolean recordRoute, Duration maxDuration) {
        this.cdrs = cdrs;
        this.metrics = metrics;
        this.seesBye = recordRoute;
        this.maxDuration = maxDuration;
    }

    Attempt begin(String callId, String fromTag, String callerAor, String identity, String dialled) {
        metrics.attempt(CallRoute.LOCAL, null);
        return new Attempt(callId, fromTag, callerAor, identity, dialled);
    }

    void byes(Byes sender) {
        this.byes = sender;
    }

    /** The first 2xx of the attempt went to the caller; {@code dialog} null when it cannot be ended by us. */
    void answered(Attempt attempt, ProxiedDialog dialog) {
        if (attempt.answer != null) {
            return;
        }
        attempt.answer = Instant.now();
        attempt.dialog = dialog;
        metrics.answered(CallRoute.LOCAL, null);
        if (seesBye) {
            answered.put(attempt.callId, attempt);
        } else {
            record(attempt, null, 200, HangupParty.CALLEE);
        }
    }

    /** The attempt ended without an answer; {@code status} is what the caller got. */
    void failed(Attempt attempt, int status, HangupParty party) {
        if (attempt.answer == null) {
            record(attempt, Instant.now(), status, party);
        }
    }

    /**
     * A BYE of dialog {@code callId} passes through; {@code fromTag} tells which side sent it.
     *
     * @return completes once the call's CDR is durable (at once when it is not a call we record)
     */
    CompletionStage<Void> bye(String callId, String fromTag) {
        Attempt a = answered.remove(callId);
        if (a == null) {
            return CompletableFuture.completedFuture(null);
        }
        return record(a, Instant.now(), 200, a.fromTag.equals(fromTag) ? HangupParty.CALLER : HangupParty.CALLEE);
    }

    /** An in-dialog request of {@code callId} passed, sent by the party of {@code fromTag}. */
    void seen(String callId, String fromTag, long cseq) {
        Attempt a = answered.get(callId);
        if (a != null && a.dialog != null) {
            a.dialog.seen(fromTag, cseq);
        }
    }

    /**
     * Ends answered call {@code callId} on behalf of an administrator: a BYE to each party, as if from the other
     * (we are in the path of the dialog, RFC 3261 §16.6 step 4). False when there is no such call or it cannot be
     * ended from here (a party gave no Contact).
     */
    public boolean hangUp(String callId) {
        Attempt a = answered.get(callId);
        if (a == null || a.dialog == null || !answered.remove(callId, a)) {
            return false;
        }
        byes.send(a.dialog, true);
        byes.send(a.dialog, false);
        record(a, Instant.now(), 200, HangupParty.SERVER);
        return true;
    }

    /** Records, with no known end, answered calls that outlived the longest call allowed (their BYE was lost). */
    public void sweep() {
        Instant limit = Instant.now().minus(maxDuration);
        answered.values().removeIf(a -> {
            if (a.answer.isBefore(limit)) {
                record(a, null, 200, HangupParty.SERVER);
                return true;
            }
            return false;
        });
    }

    public List<ActiveProxiedCall> calls() {
        return answered.values().stream()
                .map(a -> new ActiveProxiedCall(a.callId, a.identity != null ? a.identity : a.callerAor, a.dialled,
                        a.start, a.answer))
                .sorted(Comparator.comparing(ActiveProxiedCall::start)).toList();
    }

    public int activeCalls() {
        return answered.size();
    }

    private CompletionStage<Void> record(Attempt a, Instant end, int status, HangupParty party) {
        return cdrs.record(new CallDetail(a.callId, a.callerAor, a.identity, a.dialled, null, CallRoute.LOCAL, null, a.start,
                a.answer, end, status, party, null));
    }
}

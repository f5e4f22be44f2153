package org.parloir.sip.proxy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    /** The first 2xx of the attempt went to the caller. */
    void answered(Attempt attempt) {
        if (attempt.answer != null) {
            return;
        }
        attempt.answer = Instant.now();
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

    /** A BYE of dialog {@code callId} passed through; {@code fromTag} tells which side sent it. */
    void bye(String callId, String fromTag) {
        Attempt a = answered.remove(callId);
        if (a != null) {
            record(a, Instant.now(), 200, a.fromTag.equals(fromTag) ? HangupParty.CALLER : HangupParty.CALLEE);
        }
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

    private void record(Attempt a, Instant end, int status, HangupParty party) {
        cdrs.record(new CallDetail(a.callId, a.callerAor, a.identity, a.dialled, null, CallRoute.LOCAL, null, a.start,
                a.answer, end, status, party, null));
    }
}

package org.parloir.sip.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.api.Refusal;

/**
 * The response context of one proxied request (RFC 3261 §16.7): its server transaction, its branches, the best
 * final response so far. Provisional and 2xx responses are forwarded at once; other finals wait until every
 * branch has answered. All state changes hold this object's lock; network sends happen outside it where possible.
 */
final class ProxyContext {

    final ServerTransaction server;
    final Request request;
    final String inviteKey;
    private final List<Branch> branches = new ArrayList<>();
    private final ProxyCore core;
    private boolean finalSent;
    /** The CDR of this INVITE, null for other requests. */
    ProxiedCalls.Attempt attempt;
    /** Devices-then-phone: what to do instead of answering the caller when no device answered. */
    Runnable fallback;
    /** The fallback has started: the caller's transaction is on its way to the B2BUA. */
    volatile boolean fellBack;
    private boolean callerCancelled;
    private boolean noAnswer;
    private final java.util.Set<Response> ownResponses =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    ProxyContext(ServerTransaction server, Request request, String inviteKey, ProxyCore core) {
        this.server = server;
        this.request = request;
        this.inviteKey = inviteKey;
        this.core = core;
    }

    boolean isInvite() {
        return Request.INVITE.equals(request.getMethod());
    }

    synchronized void add(Branch branch) {
        branches.add(branch);
    }

    /** The caller's CANCEL (§16.10): cancel every pending branch; their 487s make the final answer. */
    void cancel() {
        List<Branch> toCancel = new ArrayList<>();
        synchronized (this) {
            callerCancelled = true;
            collectCancels(toCancel);
        }
        toCancel.forEach(core::sendCancel);
    }

    /** Devices-then-phone: the devices rang long enough; cancel them, the phone is tried when they are done. */
    void noAnswer() {
        List<Branch> toCancel = new ArrayList<>();
        synchronized (this) {
            if (finalSent || callerCancelled) {
                return;
            }
            noAnswer = true;
            collectCancels(toCancel);
        }
        toCancel.forEach(core::sendCancel);
    }

    /** Does the devices' final answer {@code status} send the call on to the phone? Not busy or declined. */
    private boolean fallsBack(int status) {
        return fallback != null && !callerCancelled && (status == 408 || status == 480 || status == 404
                || status >= 500 && status < 600 || status == 487 && noAnswer);
    }

    void onResponse(Branch branch, Response response) {
        int status = response.getStatusCode();
        List<Branch> toCancel = new ArrayList<>();
        Response toSend = null;
        boolean stateless = false;
        boolean fallBack = false;
        synchronized (this) {
            branch.lastActivity = System.currentTimeMillis();
            if (status < 200) {
                if (!branch.provisionalSeen) {
                    branch.provisionalSeen = true;
                    if (branch.cancelWanted && !branch.cancelled) {
                        // §9.1: a CANCEL may only follow a provisional response
                        branch.cancelled = true;
                        toCancel.add(branch);
                    }
                }
                if (status > 100 && !finalSent) {
                    toSend = response;
                }
            } else if (branch.done()) {
                return; // a late duplicate final
            } else {
                branch.finalResponse = response;
                if (branch.timerC != null) {
                    branch.timerC.cancel(false);
                    branch.timerC = null;
                }
                if (status < 300) {
                    // §16.7 step 5: every 2xx is forwarded at once (a second one statelessly: the server
                    // transaction ended with the first); the other branches are cancelled
                    toSend = response;
                    stateless = finalSent;
                    finalSent = true;
                    if (isInvite()) {
                        collectCancels(toCancel);
                    }
                } else {
                    if (status >= 600 && isInvite()) {
                        collectCancels(toCancel);
                    }
                    if (!finalSent && allDone()) {
                        toSend = best();
                        finalSent = true;
                        if (fallsBack(toSend.getStatusCode())) {
                            fallBack = true;
                            toSend = null;
                        }
                    }
                }
            }
        }
        toCancel.forEach(core::sendCancel);
        if (fallBack) {
            core.fallBack(this);
        } else if (toSend != null) {
            core.forwardResponse(this, toSend, stateless);
            recordOutcome(toSend);
        }
    }

    private void recordOutcome(Response sent) {
        if (attempt == null) {
            return;
        }
        int status = sent.getStatusCode();
        if (status < 300) {
            core.calls().answered(attempt, core.dialogOf(request, sent));
            return;
        }
        boolean ours;
        boolean cancelled;
        synchronized (this) {
            ours = ownResponses.contains(sent);
            cancelled = callerCancelled;
        }
        core.calls().failed(attempt, status, cancelled ? HangupParty.CALLER
                : ours ? HangupParty.SERVER : HangupParty.CALLEE);
    }

    /** A branch gave up (timeout, transport error): it counts as a 408 or 503 of our own. */
    void onBranchFailure(Branch branch, Refusal refusal) {
        Response local = core.localResponse(request, refusal);
        synchronized (this) {
            ownResponses.add(local);
        }
        onResponse(branch, local);
    }

    /** Marks every pending branch for CANCEL; those that have had a provisional response can be cancelled now. */
    private void collectCancels(List<Branch> out) {
        for (Branch b : branches) {
            if (!b.done() && !b.cancelled) {
                b.cancelWanted = true;
                if (b.provisionalSeen) {
                    b.cancelled = true;
                    out.add(b);
                }
            }
        }
    }

    private boolean allDone() {
        for (Branch b : branches) {
            if (!b.done()) {
                return false;
            }
        }
        return true;
    }

    synchronized boolean finalSent() {
        return finalSent;
    }

    /** §16.7 step 6: a 6xx if any, else the lowest class; 503 becomes 500; step 7: challenges are merged. */
    private Response best() {
        Response best = null;
        for (Branch b : branches) {
            Response r = b.finalResponse;
            if (best == null || rank(r.getStatusCode()) < rank(best.getStatusCode())) {
                best = r;
            }
        }
        int status = best.getStatusCode();
        if (status == Response.SERVICE_UNAVAILABLE) {
            Response local = core.localResponse(request, Refusal.SERVER_ERROR);
            ownResponses.add(local);
            return local;
        }
        if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            Response merged = (Response) best.clone();
            for (Branch b : branches) {
                Response r = b.finalResponse;
                if (r != best && (r.getStatusCode() == 401 || r.getStatusCode() == 407)) {
                    copy(r, merged, WWWAuthenticateHeader.NAME);
                    copy(r, merged, ProxyAuthenticateHeader.NAME);
                }
            }
            return merged;
        }
        return best;
    }

    private static void copy(Response from, Response to, String name) {
        ListIterator<?> it = from.getHeaders(name);
        while (it.hasNext()) {
            to.addHeader((Header) it.next());
        }
    }

    private static int rank(int status) {
        if (status >= 600) {
            return 0;
        }
        // lowest class wins; inside a class prefer what helps the caller (401/407 over 404, 486 over 408)
        int cls = status / 100;
        int within = switch (status) {
            case 401, 407, 415, 420, 484 -> 0;
            case 486 -> 1;
            case 408 -> 9;
            default -> 5;
        };
        return cls * 10 + within;
    }

    static boolean topViaIsOurs(Response response, String branchPrefix) {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        return via != null && via.getBranch() != null && via.getBranch().startsWith(branchPrefix);
    }
}

package org.parloir.sip.proxy;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import org.parloir.cdr.api.HangupParty;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.UserDirectory;
import org.parloir.sip.SipHops;
import org.parloir.sip.Replies;
import org.parloir.sip.SipProperties;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.b2bua.CallSetup;
import org.parloir.sip.routing.RouteDecision;

/**
 * Carries out a {@link RouteDecision} once the request is valid and its caller known: forks to a person's devices
 * (RFC 3261 §16.5) or along the Route set, hands calls to numbers to the B2BUA (directory and PSTN numbers are
 * reached through gateways, not proxied, and a person online only in a Jingle client through the B2BUA and the
 * bridge), answers for a person with no device, and arms devices-then-phone. Kept
 * apart from {@link ProxyCore}, which validates (§16.3) and authenticates; this class only executes the decision.
 */
final class RouteExecution {

    private final BranchForwarder forwarder;
    private final Replies replies;
    private final CallSetup calls;
    private final UserDirectory directory;
    private final ProxiedCalls proxied;
    private final SipProperties props;
    private final ScheduledExecutorService timers;

    RouteExecution(BranchForwarder forwarder, Replies replies, CallSetup calls,
                   UserDirectory directory, ProxiedCalls proxied, SipProperties props,
                   ScheduledExecutorService timers) {
        this.forwarder = forwarder;
        this.replies = replies;
        this.calls = calls;
        this.directory = directory;
        this.proxied = proxied;
        this.props = props;
        this.timers = timers;
    }

    /** Carries out {@code decision}; {@code caller} is the authenticated caller, null when anonymous. */
    void execute(ServerTransaction tx, Request request, RouteDecision decision, String loopHash,
                 CallSetup.Caller caller) {
        switch (decision) {
            case RouteDecision.LocalContacts lc -> {
                ProxyContext ctx = forwarder.fork(tx, request, lc.bindings(), loopHash, caller);
                if (ctx != null && lc.phoneFallback() && ctx.isInvite()) {
                    withPhoneFallback(ctx, lc.aor(), caller);
                }
            }
            case RouteDecision.AlongRoute ar -> forwarder.fork(tx, request, null, loopHash, caller);
            case RouteDecision.Directory d -> {
                if (Request.INVITE.equals(request.getMethod())) {
                    replies.trying(tx, request);
                    calls.directory(tx, d, caller, Instant.now());
                } else {
                    noBinding(tx, request, d.aor(), caller); // only calls go to a phone number
                }
            }
            case RouteDecision.Pstn p -> {
                if (Request.INVITE.equals(request.getMethod()) && caller != null) {
                    calls.pstn(tx, p, caller, Optional.empty());
                } else {
                    replies.refuse(tx, request, Refusal.NOT_FOUND);
                }
            }
            case RouteDecision.Jingle j -> {
                if (Request.INVITE.equals(request.getMethod())) {
                    replies.trying(tx, request);
                    calls.jingle(tx, j, caller, Instant.now());
                } else if (j.sipDevices()) {
                    forwarder.fork(tx, request, j.bindings(), loopHash, caller); // MESSAGE, OPTIONS...: the SIP devices
                } else {
                    noBinding(tx, request, j.aor(), caller); // the bridge takes calls, not SIP MESSAGE or OPTIONS
                }
            }
            case RouteDecision.NoBinding nb -> noBinding(tx, request, nb.aor(), caller);
            case RouteDecision.Reject r -> replies.refuse(tx, request, r.refusal());
            case RouteDecision.ForUs f -> replies.ok(tx, request);
        }
    }

    /**
     * The B2BUA's own leg to a person's SIP devices ({@link org.parloir.sip.routing.DeviceLegs}): forked to the
     * registered contacts like any call, but without a record of its own (the B2BUA's call has it); no device
     * left is a 480 to the B2BUA, which still has the person's Jingle clients.
     */
    void deviceLeg(ServerTransaction tx, Request request, RouteDecision decision, String loopHash) {
        if (decision instanceof RouteDecision.LocalContacts lc && Request.INVITE.equals(request.getMethod())) {
            forwarder.fork(tx, request, lc.bindings(), loopHash, null, false);
        } else {
            replies.refuse(tx, request, Refusal.TEMPORARILY_UNAVAILABLE);
        }
    }

    /** A person with no device: 480 if the directory knows them, else 404; a call attempt leaves its CDR. */
    private void noBinding(ServerTransaction tx, Request request, UserAddress aor, CallSetup.Caller caller) {
        directory.findUser(aor).whenComplete((user, error) -> {
            Refusal refusal = error != null ? Refusal.DIRECTORY_UNAVAILABLE
                    : user.isPresent() ? Refusal.TEMPORARILY_UNAVAILABLE : Refusal.NOT_FOUND;
            replies.refuse(tx, request, refusal);
            if (Request.INVITE.equals(request.getMethod())) {
                FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
                proxied.failed(proxied.begin(SipHops.callId(request), from.getTag(),
                        from.getAddress().getURI().toString(), caller == null ? null : caller.address().toString(),
                        request.getRequestURI().toString()), refusal.status(), HangupParty.SERVER);
            }
        });
    }

    /**
     * Devices-then-phone: the devices ring for the domain's no-answer timeout; when none answers, or all fail,
     * the caller's transaction goes to the B2BUA, which calls the person's directory number.
     */
    private void withPhoneFallback(ProxyContext ctx, UserAddress aor, CallSetup.Caller caller) {
        ctx.fallback = () -> calls.directory(ctx.server, new RouteDecision.Directory(aor, true), caller,
                ctx.attempt != null ? ctx.attempt.start : Instant.now());
        long delay = props.routing().policyFor(aor.domain()).noAnswerTimeout().toMillis();
        timers.schedule(ctx::noAnswer, delay, TimeUnit.MILLISECONDS);
    }
}

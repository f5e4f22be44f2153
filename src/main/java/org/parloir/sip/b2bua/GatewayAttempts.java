package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayTarget;
import org.parloir.sip.routing.DeviceLegs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INVITEs one B2BUA call places toward its gateways, one gateway at a time in the order of its {@link CallSpec}
 * (RFC 3261 §8.1.3.4 failover on 5xx, 408 and timeouts), each re-sent at most once for a digest challenge
 * (§22.2) and once for a 422 (RFC 4028 §8.1), and cancelled only after a provisional response (§9.1). Kept apart
 * from {@link B2buaCall} so the call keeps the state machine and this class what one attempt needs: its gateway,
 * its callee leg and its client transaction. Guarded by the call's lock: every method is called with it held.
 */
final class GatewayAttempts {

    private static final Logger log = LoggerFactory.getLogger(GatewayAttempts.class);

    private final B2buaCall call;
    private final B2buaContext ctx;
    private int nextGateway;
    private GatewayTarget gateway;
    private Leg callee;
    private ClientTransaction invite;
    private boolean provisionalSeen;
    private boolean cancelWanted;
    private boolean authTried;
    private boolean sessionRetried;
    private int lastFailure = 503;
    private ScheduledFuture<?> ringTimer;

    GatewayAttempts(B2buaCall call, B2buaContext ctx) {
        this.call = call;
        this.ctx = ctx;
    }

    /** Sends the INVITE to the next gateway that takes it; false when none is left. */
    boolean tryNext() {
        while (nextGateway < call.spec.gateways().size()) {
            gateway = call.spec.gateways().get(nextGateway++);
            authTried = false;
            sessionRetried = false;
            provisionalSeen = false;
            ctx.metrics().attempt(call.spec.route(), gateway.gateway());
            try {
                callee = newCalleeLeg();
                sendInvite(null, call.sessionTimers.requestedInterval());
                return true;
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                log.info("{}: cannot send to gateway {}: {}", call.callId(), gateway.gateway(), e.getMessage());
                ctx.pstn().report(gateway, AttemptOutcome.FAILED);
                lastFailure = 503;
            }
        }
        return false;
    }

    /**
     * The one attempt of a call to a person that rings their SIP devices as well as their Jingle clients (issue
     * 11): an INVITE to the person's address, routed to our own proxy with a {@link DeviceLegs} token, so that the
     * proxy forks it to the registered contacts. False when it cannot be sent.
     */
    boolean tryDevices() {
        gateway = null;
        provisionalSeen = false;
        try {
            callee = newDeviceLeg();
            sendInvite(null, call.sessionTimers.requestedInterval());
            return true;
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot ring the SIP devices of {}: {}", call.callId(), call.spec.person().aor(),
                    e.getMessage());
            return false;
        }
    }

    /** 408 when the last gateway tried timed out, else 503. */
    int lastFailure() {
        return lastFailure;
    }

    private Leg newCalleeLeg() throws ParseException {
        var addresses = ctx.messages().addresses;
        FromHeader from = (FromHeader) call.callerInvite.getHeader(FromHeader.NAME);
        Address fromAddr = (Address) from.getAddress().clone();
        Address toAddr = addresses.createAddress(addresses.createURI("sip:" + gateway.number() + "@"
                + bracket(gateway.host())));
        Leg leg = Leg.calleeSide(ctx.messages().provider.getNewCallId().getCallId(), ctx.messages().newTag(),
                fromAddr, toAddr, 1);
        leg.remoteTarget = addresses.createURI(gateway.requestUri());
        return leg;
    }

    private Leg newDeviceLeg() throws ParseException {
        var addresses = ctx.messages().addresses;
        Address fromAddr = (Address) ((FromHeader) call.callerInvite.getHeader(FromHeader.NAME)).getAddress().clone();
        String aor = call.spec.person().aor();
        Address toAddr = addresses.createAddress(addresses.createURI("sip:" + aor));
        String callId = ctx.messages().provider.getNewCallId().getCallId();
        Leg leg = Leg.calleeSide(callId, ctx.messages().newTag(), fromAddr, toAddr, 1);
        javax.sip.address.SipURI target = (javax.sip.address.SipURI) addresses.createURI("sip:" + aor);
        target.setParameter(DeviceLegs.PARAM, ctx.deviceLegs().token(callId, aor));
        leg.remoteTarget = target;
        leg.routeSet = java.util.List.of(addresses.createAddress(ctx.deviceLegs().route()));
        return leg;
    }

    /** The gateway's name, or {@code sip-devices} for the leg to a person's SIP devices. */
    private String name() {
        return gateway == null ? "sip-devices" : gateway.gateway();
    }

    private static String bracket(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Sends (or re-sends, after a challenge or a 422) the INVITE of the callee leg. */
    private void sendInvite(Header credentials, Duration sessionExpires)
            throws ParseException, SipException, InvalidArgumentException {
        LegMessages m = ctx.messages();
        Request request = m.inDialog(callee, Request.INVITE, callee.localCseq);
        request.addHeader(m.headers.createAllowHeader(LegMessages.ALLOW));
        call.sessionTimers.decorateInvite(request, sessionExpires);
        if (credentials != null) {
            request.addHeader(credentials);
        }
        m.setBody(request, call.caller.lastSdpReceived);
        callee.lastSdpSent = call.caller.lastSdpReceived;
        ClientTransaction ct = m.provider.getNewClientTransaction(request);
        ct.setApplicationData(new Callbacks(e -> call.onCalleeResponse(ct, e.getResponse()),
                e -> call.onCalleeTimeout(ct)));
        invite = ct;
        ctx.table().addLeg(call, callee);
        ct.sendRequest();
        stopRinging();
        ringTimer = null; // armed by the first provisional: a silent gateway is the transaction's timeout (Timer B)
        log.debug("{}: INVITE {} via {}", call.callId(), request.getRequestURI(), name());
    }

    /** A challenge we can answer or a 422 we can satisfy: the INVITE goes again to the same gateway. */
    boolean retried(Response response) {
        int status = response.getStatusCode();
        try {
            if ((status == 401 || status == 407) && !authTried && gateway != null
                    && gateway.credentials().isPresent()
                    && ctx.challenges() != null) {
                authTried = true;
                Optional<Header> answer = ctx.challenges().answer(response, invite.getRequest(),
                        gateway.credentials().get());
                if (answer.isPresent()) {
                    callee.nextCseq();
                    sendInvite(answer.get(), call.sessionTimers.requestedInterval());
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
            log.info("{}: cannot re-send INVITE to {}: {}", call.callId(), name(), e.getMessage());
        }
        return false;
    }

    /** Is {@code ct} the INVITE of the current attempt (not one we gave up on)? */
    boolean isCurrent(ClientTransaction ct) {
        return ct == invite;
    }

    /** A provisional response on the current INVITE; true when it let a CANCEL that waited for it go out. */
    boolean provisional(ClientTransaction ct) {
        if (ringTimer == null && call.state() != B2buaCall.State.ENDED) {
            // the gateway is working on it: from now on only the ring timeout ends the wait (Timer B has stopped)
            ringTimer = ctx.timers().schedule(() -> call.onRingTimeout(ct), ctx.props().ringTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        provisionalSeen = true;
        if (cancelWanted) {
            sendCancel(ct); // RFC 3261 §9.1: a CANCEL waits for a provisional response (100 included)
            return true;
        }
        return false;
    }

    /** Cancels the current INVITE, now or when its first provisional response comes. */
    void cancel() {
        if (invite == null) {
            return;
        }
        if (provisionalSeen) {
            sendCancel(invite);
        } else {
            cancelWanted = true;
        }
    }

    private void sendCancel(ClientTransaction ct) {
        call.signalling.sendCancel(ct);
        cancelWanted = false;
    }

    /** The current gateway gave no usable answer; {@code status} 408 for a timeout. */
    void failed(int status) {
        if (gateway != null) {
            ctx.pstn().report(gateway, status == 408 ? AttemptOutcome.TIMEOUT : AttemptOutcome.FAILED);
        }
        lastFailure = status == 408 ? 408 : 503;
    }

    /** The ring timeout no longer applies: a final response came, or the call is over. */
    void stopRinging() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
        }
    }

    /** The final answer of an attempt the call no longer waited for (the caller gave up). */
    void reportLate(int status) {
        report(status >= 500 ? AttemptOutcome.FAILED : status == 408 ? AttemptOutcome.TIMEOUT
                : AttemptOutcome.WORKING);
    }

    void report(AttemptOutcome outcome) {
        if (gateway != null) { // a person's SIP devices are no gateway: nothing to report
            ctx.pstn().report(gateway, outcome);
        }
    }

    GatewayTarget gateway() {
        return gateway;
    }

    Leg callee() {
        return callee;
    }
}

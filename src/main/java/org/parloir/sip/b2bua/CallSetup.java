package org.parloir.sip.b2bua;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.AuthorizationResult;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.aaa.api.CallPolicy;
import org.parloir.aaa.api.DigestResponse;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.cdr.api.HangupParty;
import org.parloir.core.DomainsProperties;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.DirectoryUnavailableException;
import org.parloir.directory.api.DirectoryUser;
import org.parloir.directory.api.UserDirectory;
import org.parloir.pstn.api.CallLimits;
import org.parloir.pstn.api.PhoneNumbers;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.pstn.spi.GatewayTarget;
import org.parloir.sip.Replies;
import org.parloir.sip.SipHops;
import org.parloir.sip.SipProperties;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.routing.RouteDecision;
import org.parloir.sip.routing.RoutingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps between a routing decision that needs a gateway and the B2BUA call: the directory lookup of SIP.edu
 * (mail → telephoneNumber → E.164), and for nomadic calls the number plan, the deny list and the AAA server's
 * authorisation, then the caller's limits against toll fraud. Every step is asynchronous; each refusal is one SIP
 * status here and one CDR.
 */
public final class CallSetup {

    private static final Logger log = LoggerFactory.getLogger(CallSetup.class);
    /** The lookup failed otherwise than by the directory being down: longer before a retry. */
    private static final Refusal DIRECTORY_FAILED = new Refusal.ServiceUnavailable("Directory unavailable", 30);
    private static final Refusal NO_ROUTE = new Refusal.ServiceUnavailable("No PSTN route for this number", 0);
    private static final Refusal NO_GATEWAY = new Refusal.ServiceUnavailable("No PSTN gateway configured", 0);
    private static final Refusal NUMBER_DENIED = new Refusal.Forbidden("Number not allowed");
    private static final Refusal OTHER_DOMAIN = new Refusal.Forbidden("Calls to other domains are not possible");
    private static final Refusal NUMBER_NOT_IN_POLICY = new Refusal.Forbidden("Number not allowed by your policy");

    /** Who places a call: the authenticated caller, or nobody in particular (anyone may call a person). */
    public record Caller(UserAddress address, String username) {
    }

    private final UserDirectory directory;
    private final PstnRoutes pstn;
    private final CallAuthorizer authorizer;
    private final CdrRecorder cdrs;
    private final SipProperties props;
    private final B2bua b2bua;
    private final Replies replies;
    private final CallLimits limits;
    private final DomainsProperties domains;

    public CallSetup(UserDirectory directory, PstnRoutes pstn, CallAuthorizer authorizer, CdrRecorder cdrs,
                     SipProperties props, B2bua b2bua, Replies replies, CallLimits limits,
                     DomainsProperties domains) {
        this.limits = limits;
        this.domains = domains;
        this.directory = directory;
        this.pstn = pstn;
        this.authorizer = authorizer;
        this.cdrs = cdrs;
        this.props = props;
        this.b2bua = b2bua;
        this.replies = replies;
    }

    // ---------------------------------------------------------------- SIP.edu

    /**
     * Calls the directory phone number of {@code decision.aor()}. {@code caller} is null for an anonymous caller;
     * {@code started} is when the INVITE arrived (earlier than now after ringing devices).
     */
    public void directory(ServerTransaction serverTx, RouteDecision.Directory decision, Caller caller,
                          Instant started) {
        CallerSide tx = new SipCaller(serverTx, replies);
        Request request = tx.invite();
        UserAddress aor = decision.aor();
        RoutingPolicy policy = props.routing().policyFor(aor.domain());
        directory.findUser(aor).whenComplete((found, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                log.info("{}: directory lookup of {} failed: {}", SipHops.callId(request), aor, cause.getMessage());
                refuse(tx, cause instanceof DirectoryUnavailableException ? Refusal.DIRECTORY_UNAVAILABLE
                        : DIRECTORY_FAILED, CallRoute.DIRECTORY, null, caller, started);
                return;
            }
            if (found.isEmpty()) {
                refuse(tx, Refusal.NOT_FOUND, CallRoute.NONE, null, caller, started);
                return;
            }
            Optional<E164> number = numberOf(found.get(), policy);
            if (number.isEmpty()) {
                log.info("{}: {} has no usable telephone number in the directory", SipHops.callId(request), aor);
                refuse(tx, Refusal.TEMPORARILY_UNAVAILABLE, CallRoute.DIRECTORY, null, caller, started);
                return;
            }
            List<GatewayTarget> gateways = pstn.enabled() ? pstn.candidates(number.get()) : List.of();
            if (gateways.isEmpty()) {
                if (decision.fallback()) {
                    refuse(tx, Refusal.TEMPORARILY_UNAVAILABLE, CallRoute.DIRECTORY, number.get(), caller, started);
                } else {
                    refuse(tx, noGateway(), CallRoute.DIRECTORY, number.get(), caller, started);
                }
                return;
            }
            b2bua.start(tx, new CallSpec(CallRoute.DIRECTORY, number.get(), identity(caller), username(caller, tx),
                    policy.hideNumbers(), props.b2bua().maxCallDuration(), true, null, gateways, started, () -> { }));
        });
    }

    private static Optional<E164> numberOf(DirectoryUser user, RoutingPolicy policy) {
        return user.telephoneNumber() == null ? Optional.empty()
                : PhoneNumbers.normalise(user.telephoneNumber(), policy.region());
    }

    // ---------------------------------------------------------------- a person on Jingle devices

    /**
     * A person online in XMPP clients that take Jingle calls (issue 11): a B2BUA call whose callee side is the
     * bridge, which rings those clients, and the person's SIP devices through our proxy when they have some. Anyone may call a person, as through the proxy; in devices-then-phone
     * mode a call that no device answers goes on to the person's directory number.
     */
    public void jingle(ServerTransaction serverTx, RouteDecision.Jingle decision, Caller caller, Instant started) {
        CallerSide tx = new SipCaller(serverTx, replies);
        UserAddress aor = decision.aor();
        java.util.function.Consumer<CallerSide> fallback = decision.phoneFallback()
                ? side -> directory(serverTx, new RouteDecision.Directory(aor, true), caller, started) : null;
        b2bua.start(tx, new CallSpec(CallRoute.BRIDGE, null, identity(caller), username(caller, tx), false,
                props.b2bua().maxCallDuration(), false, null, List.of(), started, () -> { },
                new CallSpec.PersonTarget(aor.toString(), fallback, true, decision.sipDevices())));
    }

    // ---------------------------------------------------------------- nomadic ToIP

    /**
     * A number dialled by an authenticated user of ours. {@code digest}: the caller's digest for the AAA server to
     * verify (RFC 5090), when its domain is RADIUS-backed; empty when it was verified here.
     */
    public void pstn(ServerTransaction serverTx, RouteDecision.Pstn decision, Caller caller,
                     Optional<DigestResponse> digest) {
        nomadic(new SipCaller(serverTx, replies), decision.dialled(), caller, digest, CallRoute.PSTN,
                () -> replies.trying(serverTx, serverTx.getRequest()));
    }

    /**
     * A Jingle session of the bridge calling a number for {@code caller} (issue 11): the nomadic path, with the
     * XMPP login standing for the digest (verified here, so none goes to the AAA server) and route BRIDGE.
     */
    void bridged(BridgeCaller tx, String dialled, Caller caller) {
        nomadic(tx, dialled, caller, Optional.empty(), CallRoute.BRIDGE, () -> { });
    }

    /**
     * A Jingle session of the bridge calling a person's SIP address (issue 11: the JID a SIP caller shows as, so
     * that the call can be returned, and the way to a person who has only SIP phones): a B2BUA call whose callee is
     * the person's SIP devices, through our proxy. A person, not a number: no AAA or PSTN limits, as for a SIP
     * caller. Only persons of our domains (no federation yet).
     */
    void bridgedToPerson(BridgeCaller tx, UserAddress aor, Caller caller) {
        Instant started = Instant.now();
        if (!domains.isLocal(aor.domain())) {
            refuse(tx, OTHER_DOMAIN, CallRoute.BRIDGE, null, caller, started);
            return;
        }
        b2bua.start(tx, new CallSpec(CallRoute.BRIDGE, null, identity(caller, tx), caller.username(), false,
                props.b2bua().maxCallDuration(), false, null, List.of(), started, () -> { },
                new CallSpec.PersonTarget(aor.toString(), null, false, true)));
    }

    /** Number plan, deny list, AAA authorisation and the caller's limits, then the B2BUA call. */
    private void nomadic(CallerSide tx, String dialled, Caller caller, Optional<DigestResponse> digest,
                         CallRoute route, Runnable trying) {
        Request request = tx.invite();
        Instant started = Instant.now();
        RoutingPolicy policy = props.routing().policyFor(caller.address().domain());
        Optional<E164> parsed = PhoneNumbers.normalise(dialled, policy.region());
        if (parsed.isEmpty()) {
            refuse(tx, Refusal.ADDRESS_INCOMPLETE, route, null, caller, started);
            return;
        }
        E164 number = parsed.get();
        if (pstn.denied(number)) {
            log.info("{}: {} dialled {}, which is on the deny list", SipHops.callId(request), caller.address(), number);
            refuse(tx, NUMBER_DENIED, route, number, caller, started);
            return;
        }
        List<GatewayTarget> gateways = pstn.enabled() ? pstn.candidates(number) : List.of();
        if (gateways.isEmpty()) {
            refuse(tx, noGateway(), route, number, caller, started);
            return;
        }
        trying.run(); // the AAA server may take a while
        AuthorizationRequest ask = new AuthorizationRequest(caller.address(), caller.username(), fromUri(request),
                number, SipHops.callId(request), digest);
        authorizer.authorize(ask).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("{}: authorisation of {} failed unexpectedly", SipHops.callId(request), caller.address(),
                        error);
                refuse(tx, Refusal.AAA_UNAVAILABLE, route, number, caller, started);
                return;
            }
            switch (result) {
                case AuthorizationResult.Reject r -> {
                    log.info("{}: {} may not call {}: {}", SipHops.callId(request), caller.address(), number,
                            r.reason());
                    refuse(tx, Refusal.FORBIDDEN, route, number, caller, started);
                }
                case AuthorizationResult.Unavailable u -> {
                    log.warn("{}: no AAA server answered: {}", SipHops.callId(request), u.reason());
                    refuse(tx, Refusal.AAA_UNAVAILABLE, route, number, caller, started);
                }
                case AuthorizationResult.Accept a -> accepted(tx, a.policy(), number, caller, gateways, started,
                        route);
            }
        });
    }

    private void accepted(CallerSide tx, CallPolicy policy, E164 number, Caller caller,
                          List<GatewayTarget> gateways, Instant started, CallRoute route) {
        if (!policy.allows(number.value())) {
            log.info("{}: {} may not call {} (policy {})", SipHops.callId(tx.invite()), caller.address(), number,
                    policy.filterId().orElse("-"));
            refuse(tx, NUMBER_NOT_IN_POLICY, route, number, caller, started);
            return;
        }
        String region = props.routing().policyFor(caller.address().domain()).region();
        Runnable release;
        switch (limits.admit(caller.address(), number, region, policy.filterId())) {
            case CallLimits.Refused r -> {
                // the WARN is the limit's own, once per user and window; this line is per call
                log.info("{}: {} may not call {}: {}", SipHops.callId(tx.invite()), caller.address(), number,
                        r.limit().reason());
                refuse(tx, new Refusal.Forbidden(r.limit().reason()), route, number, caller, started);
                return;
            }
            case CallLimits.Admitted a -> release = a.release();
        }
        Duration max = props.b2bua().maxCallDuration();
        if (policy.maxDuration().isPresent() && policy.maxDuration().get().compareTo(max) < 0) {
            max = policy.maxDuration().get();
        }
        b2bua.start(tx, new CallSpec(route, number, identity(caller, tx), caller.username(), false,
                max, true, policy.callClass().orElse(null), gateways, started, release));
    }

    // ---------------------------------------------------------------- refusals

    private Refusal noGateway() {
        return pstn.enabled() ? NO_ROUTE : NO_GATEWAY;
    }

    private void refuse(CallerSide tx, Refusal refusal, CallRoute route, E164 number, Caller caller,
                        Instant started) {
        Request request = tx.invite();
        tx.refuse(refusal);
        cdrs.record(new CallDetail(SipHops.callId(request), fromUri(request), identity(caller, tx),
                request.getRequestURI().toString(), number == null ? null : number.value(), route, null, started,
                null, Instant.now(), refusal.status(), HangupParty.SERVER, null));
    }

    private static String identity(Caller caller) {
        return caller == null ? null : caller.address().toString();
    }

    /** The CDR's caller identity: the authenticated address, or for the bridge the caller's XMPP device. */
    private static String identity(Caller caller, CallerSide tx) {
        return tx instanceof BridgeCaller bridge ? bridge.device() : identity(caller);
    }

    private static String username(Caller caller, CallerSide tx) {
        return caller != null ? caller.username() : fromUri(tx.invite());
    }

    static String fromUri(Request request) {
        return ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString();
    }

}

package org.parloir.sip.proxy;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyRequireHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.UserDirectory;
import org.parloir.sip.Replies;
import org.parloir.sip.SipHops;
import org.parloir.sip.SipProperties;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.auth.DigestAuthenticator;
import org.parloir.sip.b2bua.CallSetup;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.sip.routing.DeviceLegs;
import org.parloir.sip.routing.RouteDecision;
import org.parloir.sip.routing.RoutePlanner;
import org.parloir.sip.stack.LocalEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful proxy (RFC 3261 §16): request validation (§16.3), Route processing (§16.4), forking to registered
 * contacts (§16.5–16.6), response selection (§16.7, in {@link ProxyContext}), CANCEL (§16.10), and stateless
 * forwarding of ACKs for 2xx and of stray 2xx retransmissions. Out-of-dialog requests from users of our domains
 * must authenticate (407); anyone may call our users.
 * <p>This class validates and routes; authentication is {@link ProxyAuthentication}, carrying out the route
 * decision {@link RouteExecution}, making and sending the branches {@link BranchForwarder}, our Via branches and
 * loop detection {@link ViaBranches}, and an administrator's BYE {@link AdministratorBye}.
 */
public final class ProxyCore {

    private static final Logger log = LoggerFactory.getLogger(ProxyCore.class);
    /** What the Allow of our 200 to OPTIONS lists: the methods we route for our users. */
    private static final List<String> ROUTED_METHODS = List.of(Request.INVITE, Request.ACK, Request.CANCEL,
            Request.BYE, Request.OPTIONS, Request.REGISTER, Request.INFO, Request.UPDATE, Request.PRACK,
            Request.REFER, Request.SUBSCRIBE, Request.NOTIFY, Request.MESSAGE);
    /** What the server's own URI (no user part) takes: registrations, OPTIONS, and CANCEL/ACK of those. */
    private static final Refusal NOT_FOR_THE_SERVER = new Refusal.MethodNotAllowed(List.of(Request.REGISTER,
            Request.OPTIONS, Request.ACK, Request.CANCEL));
    private static final Refusal NO_USER_PART = new Refusal.NotFound("No user part in Request-URI");
    private static final Refusal NUMBERS_FOR_USERS =
            new Refusal.Forbidden("Calls to numbers are for users of this domain");
    private static final Refusal FORGED_DEVICE_LEG = new Refusal.Forbidden("Not a leg of this server");
    /** A branch's transport failed: it counts as a 503 of our own (RFC 3261 §16.7 step 6 makes it a 500). */
    static final Refusal CONTACT_UNREACHABLE = new Refusal.ServiceUnavailable("Contact unreachable", 0);

    private final SipProvider provider;
    private final HeaderFactory headers;
    private final Replies replies;
    private final LocalEndpoint local;
    private final DomainsProperties domains;
    private final RoutePlanner planner;
    private final ProxiedCalls proxied;
    private final ScheduledExecutorService timers;
    private final Map<String, ProxyContext> invites = new ConcurrentHashMap<>();
    private final ViaBranches branches = new ViaBranches();
    private final BranchForwarder forwarder;
    private final RouteExecution execution;
    private final ProxyAuthentication authentication;
    private volatile DeviceLegs deviceLegs;

    public ProxyCore(SipProvider provider, HeaderFactory headers, AddressFactory addresses, Replies replies,
                     LocalEndpoint local, DomainsProperties domains, RoutePlanner planner, DigestAuthenticator auth,
                     UserDirectory directory, SipProperties props, ScheduledExecutorService timers,
                     CallSetup calls, ProxiedCalls proxied, CallAuthorizer aaa, MessageFactory messages) {
        this.provider = provider;
        this.headers = headers;
        this.replies = replies;
        this.local = local;
        this.domains = domains;
        this.planner = planner;
        this.proxied = proxied;
        this.timers = timers;
        this.forwarder = new BranchForwarder(this, provider, headers, addresses, replies, local, props, timers,
                proxied, invites, branches);
        this.execution = new RouteExecution(forwarder, replies, calls, directory, proxied, props, timers);
        this.authentication = new ProxyAuthentication(domains, auth, aaa, calls, replies, execution);
        if (proxied != null) {
            proxied.byes(new AdministratorBye(provider, messages, headers, local, props, branches));
        }
    }

    /** Lets the B2BUA's own legs to a person's SIP devices through ({@link DeviceLegs}); without it they are refused. */
    public void deviceLegs(DeviceLegs legs) {
        this.deviceLegs = legs;
    }

    // ---------------------------------------------------------------- requests

    public void onRequest(RequestEvent event, Supplier<ServerTransaction> newTransaction) {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            forwardAck(request);
            return;
        }
        if (Request.CANCEL.equals(method)) {
            cancel(request, newTransaction);
            return;
        }
        // §16.3 validation
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        String loopHash = ViaBranches.loopHash(request);
        boolean popped = popOurRoutes(request);
        boolean hasRoute = request.getHeader(RouteHeader.NAME) != null;
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        boolean inDialog = toTag != null;
        Optional<UserAddress> deviceLeg = inDialog || hasRoute ? Optional.empty() : deviceLegOf(request);
        if (deviceLeg == null) {
            replies.refuse(null, request, FORGED_DEVICE_LEG);
            return;
        }
        RouteDecision decision = deviceLeg.isPresent() ? planner.sipDevices(deviceLeg.get())
                : planner.plan(request.getRequestURI(), hasRoute, inDialog, popped);
        if (log.isDebugEnabled()) {
            log.debug("{} {} {} -> {}", method, request.getRequestURI(), SipHops.callId(request), decision);
        }
        if (decision instanceof RouteDecision.ForUs) {
            answerForUs(request, newTransaction);
            return;
        }
        if (mf != null && mf.getMaxForwards() <= 0) {
            replies.refuse(null, request, Refusal.TOO_MANY_HOPS);
            return;
        }
        if (ViaBranches.isLoop(request, loopHash)) {
            replies.refuse(null, request, Refusal.LOOP_DETECTED);
            return;
        }
        List<String> unsupported = proxyRequire(request);
        if (!unsupported.isEmpty()) {
            replies.refuse(null, request, new Refusal.BadExtension(unsupported));
            return;
        }
        if (decision instanceof RouteDecision.Reject reject) {
            replies.refuse(null, request, reject.refusal());
            return;
        }
        Optional<UserAddress> caller = localCaller(request);
        if (decision instanceof RouteDecision.Pstn && caller.isEmpty()) {
            // no open relay to the PSTN: numbers are for our own, authenticated users
            replies.refuse(null, request, NUMBERS_FOR_USERS);
            return;
        }
        CompletionStage<Void> byeRecorded = null;
        if (inDialog) {
            String fromTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
            proxied.seen(SipHops.callId(request), fromTag, ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber());
            if (Request.BYE.equals(method)) {
                byeRecorded = proxied.bye(SipHops.callId(request), fromTag);
            }
        }
        if (deviceLeg.isPresent()) {
            // the B2BUA's own leg: it admitted the caller already, and records the call itself
            ServerTransaction tx = newTransaction.get();
            if (tx != null) {
                execution.deviceLeg(tx, request, decision, loopHash);
            }
        } else if (caller.isPresent() && !inDialog) {
            authentication.authenticateThenRoute(request, newTransaction, caller.get(), decision, loopHash);
        } else {
            ServerTransaction tx = newTransaction.get();
            if (tx == null) {
                return;
            }
            if (byeRecorded != null) {
                forwardByeWhenRecorded(byeRecorded, tx, request, decision, loopHash);
            } else {
                execution.execute(tx, request, decision, loopHash, null);
            }
        }
    }

    /**
     * The 200 to the BYE that ends a proxied call says the call is over, and an answer that means "done" follows the
     * write it stands for: the BYE is forwarded only once the call's CDR is durable, so that no 200 for it can reach
     * the caller before. Holding the BYE (one group commit of the CDR journal) rather than its 200 keeps the response
     * path untouched; the server transaction, made already, absorbs retransmissions meanwhile. A record that could
     * not be made durable does not hold the BYE back: it goes on, and the record to the database from memory.
     * This runs on the CDR journal thread: forwarding is all it does.
     */
    private void forwardByeWhenRecorded(CompletionStage<Void> recorded, ServerTransaction tx, Request bye,
                                        RouteDecision decision, String loopHash) {
        recorded.whenComplete((done, notDurable) -> {
            if (notDurable != null) {
                log.error("{}: CDR not durable ({}); BYE forwarded anyway, the record goes on from memory",
                        SipHops.callId(bye), notDurable.getMessage());
            }
            try {
                execution.execute(tx, bye, decision, loopHash, null);
            } catch (RuntimeException e) {
                log.warn("{}: cannot forward the BYE: {}", SipHops.callId(bye), e.getMessage(), e);
                replies.refuse(tx, bye, Refusal.SERVER_ERROR);
            }
        });
    }

    /** The devices did not answer: the phone number is tried instead of answering the caller. */
    void fallBack(ProxyContext ctx) {
        // until the B2BUA has taken the transaction (after a directory lookup), a CANCEL still finds it here
        ctx.fellBack = true;
        timers.schedule(() -> invites.remove(ctx.inviteKey, ctx), 32, TimeUnit.SECONDS);
        log.info("{}: no device answered, trying the phone number", SipHops.callId(ctx.request));
        ctx.fallback.run();
    }

    ProxiedCalls calls() {
        return proxied;
    }

    /** The dialog a proxied INVITE and its 2xx made, as far as ending it from here goes; null when it cannot be. */
    ProxiedDialog dialogOf(Request invite, Response ok) {
        try {
            return ProxiedDialog.of(SipHops.callId(invite), invite, ok, local::isSelf);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Removes the top Route entries that are us (§16.4). */
    private boolean popOurRoutes(Request request) {
        boolean popped = false;
        while (true) {
            RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
            if (route == null || !(route.getAddress().getURI() instanceof SipURI sip) || !local.isSelf(sip)) {
                return popped;
            }
            request.removeFirst(RouteHeader.NAME);
            popped = true;
        }
    }

    /**
     * The person whose SIP devices the B2BUA's own leg rings ({@link DeviceLegs}); empty for any other request,
     * null when the Request-URI carries a token that is not ours (refused: nobody else may skip authentication).
     */
    private Optional<UserAddress> deviceLegOf(Request request) {
        if (!(request.getRequestURI() instanceof SipURI uri) || uri.getParameter(DeviceLegs.PARAM) == null) {
            return Optional.empty();
        }
        if (uri.getUser() == null || !domains.isLocal(uri.getHost())) {
            return null;
        }
        UserAddress aor = new UserAddress(uri.getUser(), uri.getHost());
        if (deviceLegs == null || !deviceLegs.verify(SipHops.callId(request), aor.toString(),
                uri.getParameter(DeviceLegs.PARAM))) {
            log.warn("{}: a request for {} carries a {} parameter that is not ours; refused", SipHops.callId(request),
                    aor, DeviceLegs.PARAM);
            return null;
        }
        return Optional.of(aor);
    }

    private Optional<UserAddress> localCaller(Request request) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        if (from.getAddress().getURI() instanceof SipURI sip && sip.getUser() != null
                && domains.isLocal(sip.getHost())) {
            return Optional.of(new UserAddress(sip.getUser(), sip.getHost()));
        }
        return Optional.empty();
    }

    private void answerForUs(Request request, Supplier<ServerTransaction> newTransaction) {
        if (Request.OPTIONS.equals(request.getMethod())) {
            replies.ok(null, request, r -> {
                try {
                    for (String m : ROUTED_METHODS) {
                        r.addHeader(headers.createAllowHeader(m));
                    }
                    r.addHeader(headers.createAcceptHeader("application", "sdp"));
                    r.addHeader(headers.createSupportedHeader("path"));
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
            });
        } else if (Request.INVITE.equals(request.getMethod()) || Request.BYE.equals(request.getMethod())) {
            replies.refuse(null, request, NO_USER_PART);
        } else {
            // RFC 3261 §8.2.1: a 405 lists what is allowed; the server's own URI takes registrations and OPTIONS
            replies.refuse(null, request, NOT_FOR_THE_SERVER);
        }
    }

    /** §16.3 item 6: we support no proxy extension, so every Proxy-Require tag is unsupported (all in the 420). */
    private static List<String> proxyRequire(Request request) {
        List<String> tags = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ProxyRequireHeader.NAME);
        while (it.hasNext()) {
            tags.add(((ProxyRequireHeader) it.next()).getOptionTag());
        }
        return tags;
    }

    // ---------------------------------------------------------------- ACK and CANCEL

    /** ACK for a 2xx is end-to-end: forward it statelessly along its Route set (§16.11 stateless rules). */
    private void forwardAck(Request ack) {
        String toTag = ((ToHeader) ack.getHeader(ToHeader.NAME)).getTag();
        if (replies.isOurTag(toTag)) {
            return; // the ACK of a non-2xx response we sent ourselves
        }
        boolean popped = popOurRoutes(ack);
        boolean hasRoute = ack.getHeader(RouteHeader.NAME) != null;
        RouteDecision decision = planner.plan(ack.getRequestURI(), hasRoute, true, popped);
        if (!(decision instanceof RouteDecision.AlongRoute)) {
            log.debug("dropping ACK {} with nowhere to go", SipHops.callId(ack));
            return;
        }
        try {
            String transport = SipHops.transport(ack);
            if (!local.hasTransport(transport)) {
                return;
            }
            MaxForwardsHeader mf = (MaxForwardsHeader) ack.getHeader(MaxForwardsHeader.NAME);
            if (mf != null) {
                if (mf.getMaxForwards() <= 0) {
                    return;
                }
                mf.decrementMaxForwards();
            }
            ViaHeader via = headers.createViaHeader(local.host(), local.port(transport), transport,
                    branches.next("ack"));
            ack.addFirst(via);
            provider.sendRequest(ack);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot forward ACK {}: {}", SipHops.callId(ack), e.getMessage());
        }
    }

    private void cancel(Request cancel, Supplier<ServerTransaction> newTransaction) {
        ServerTransaction tx = newTransaction.get();
        ProxyContext ctx = invites.get(SipHops.inviteKey(cancel));
        if (ctx != null && ctx.fellBack) {
            // the caller gave up while its call was on the way to the phone: 487 now; the B2BUA will find the
            // transaction completed and not place the call (RFC 3261 §9.2); the To tag of the 200 to the CANCEL
            // is that of the 487, as §9.2 asks
            Response terminated = replies.responses().refusal(ctx.request, Refusal.REQUEST_TERMINATED);
            String tag = ((ToHeader) terminated.getHeader(ToHeader.NAME)).getTag();
            replies.send(tx, replies.responses().ok(cancel, tag));
            replies.send(ctx.server, terminated);
            return;
        }
        if (ctx == null || ctx.finalSent()) {
            replies.refuse(tx, cancel, Refusal.NO_SUCH_CALL);
            return;
        }
        replies.ok(tx, cancel);
        ctx.cancel();
    }

    /** For {@link ProxyContext}: the caller's CANCEL, or devices-then-phone, ends a pending branch. */
    void sendCancel(Branch branch) {
        forwarder.sendCancel(branch);
    }


    // ---------------------------------------------------------------- responses

    public void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction ct = event.getClientTransaction();
        if (ct != null && ct.getApplicationData() instanceof Branch branch) {
            branch.context.onResponse(branch, response);
            return;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq != null && Request.CANCEL.equals(cseq.getMethod())) {
            return; // the 200 to our own CANCEL
        }
        // no transaction (a 2xx retransmission): forward statelessly along the Via path (§16.7 step 1, §16.11)
        if (ProxyContext.topViaIsOurs(response, ViaBranches.OURS)) {
            response.removeFirst(ViaHeader.NAME);
            if (response.getHeader(ViaHeader.NAME) != null) {
                try {
                    provider.sendResponse(response);
                } catch (SipException | RuntimeException e) {
                    log.debug("cannot forward stray response: {}", e.getMessage());
                }
            }
        }
    }

    public void onTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && event.getClientTransaction() != null
                && event.getClientTransaction().getApplicationData() instanceof Branch branch) {
            branch.context.onBranchFailure(branch, Refusal.REQUEST_TIMEOUT);
        }
    }

    public void onTransportError(ClientTransaction ct) {
        if (ct != null && ct.getApplicationData() instanceof Branch branch) {
            branch.context.onBranchFailure(branch, CONTACT_UNREACHABLE);
        }
    }

    void forwardResponse(ProxyContext ctx, Response response, boolean stateless) {
        Response out = (Response) response.clone();
        if (ProxyContext.topViaIsOurs(out, ViaBranches.OURS)) {
            out.removeFirst(ViaHeader.NAME);
        }
        if (out.getStatusCode() >= 200 && ctx.inviteKey != null) {
            invites.remove(ctx.inviteKey);
        }
        replies.send(stateless ? null : ctx.server, out);
    }

    Response localResponse(Request request, Refusal refusal) {
        return replies.responses().refusal(request, refusal);
    }

    /** The branch forwarding, the hot path SipHotPathBenchmark measures. */
    BranchForwarder forwarder() {
        return forwarder;
    }

    /** INVITEs being proxied that have no final response yet. */
    public int activeInvites() {
        return invites.size();
    }
}

package org.parloir.sip.proxy;

import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyRequireHeader;
import javax.sip.header.RecordRouteHeader;
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
import org.parloir.sip.auth.AuthResult;
import org.parloir.sip.auth.DelegatedDigest;
import org.parloir.sip.auth.DigestAlgorithm;
import org.parloir.sip.auth.DigestAuthenticator;
import org.parloir.sip.b2bua.CallSetup;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.sip.registrar.Binding;
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
 */
public final class ProxyCore {

    private static final Logger log = LoggerFactory.getLogger(ProxyCore.class);
    private static final String MAGIC = "z9hG4bK";
    /** Our branches are {@code z9hG4bK-pl<loop hash>.<serial>}: the hash detects loops (§16.3 step 4). */
    private static final String OUR_BRANCH = MAGIC + "-pl";
    /** Digest algorithms offered when the AAA server verifies the response (FreeRADIUS: MD5 only). */
    private static final List<DigestAlgorithm> AAA_DIGEST = List.of(DigestAlgorithm.MD5);
    /** Responses to requests we originate and need nothing from (an administrator's BYEs). */
    private static final org.parloir.sip.ClientTransactionCallback IGNORED = new org.parloir.sip
            .ClientTransactionCallback() {
        @Override
        public void onResponse(ResponseEvent event) {
        }

        @Override
        public void onTimeout(TimeoutEvent event) {
        }
    };

    private final SipProvider provider;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Replies replies;
    private final LocalEndpoint local;
    private final DomainsProperties domains;
    private final RoutePlanner planner;
    private final DigestAuthenticator auth;
    private final UserDirectory directory;
    private final SipProperties props;
    private final ScheduledExecutorService timers;
    private final CallSetup calls;
    private final ProxiedCalls proxied;
    private final CallAuthorizer aaa;
    private final MessageFactory messages;
    private final Map<String, ProxyContext> invites = new ConcurrentHashMap<>();
    private final AtomicLong serial = new AtomicLong();

    public ProxyCore(SipProvider provider, HeaderFactory headers, AddressFactory addresses, Replies replies,
                     LocalEndpoint local, DomainsProperties domains, RoutePlanner planner, DigestAuthenticator auth,
                     UserDirectory directory, SipProperties props, ScheduledExecutorService timers,
                     CallSetup calls, ProxiedCalls proxied, CallAuthorizer aaa, MessageFactory messages) {
        this.provider = provider;
        this.headers = headers;
        this.addresses = addresses;
        this.replies = replies;
        this.local = local;
        this.domains = domains;
        this.planner = planner;
        this.auth = auth;
        this.directory = directory;
        this.props = props;
        this.timers = timers;
        this.calls = calls;
        this.proxied = proxied;
        this.aaa = aaa;
        this.messages = messages;
        if (proxied != null) {
            proxied.byes(this::sendBye);
        }
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
        String loopHash = loopHash(request);
        boolean popped = popOurRoutes(request);
        boolean hasRoute = request.getHeader(RouteHeader.NAME) != null;
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        boolean inDialog = toTag != null;
        RouteDecision decision = planner.plan(request.getRequestURI(), hasRoute, inDialog, popped);
        if (log.isDebugEnabled()) {
            log.debug("{} {} {} -> {}", method, request.getRequestURI(), callId(request), decision);
        }
        if (decision instanceof RouteDecision.ForUs) {
            answerForUs(request, newTransaction);
            return;
        }
        if (mf != null && mf.getMaxForwards() <= 0) {
            replies.reply(null, request, Response.TOO_MANY_HOPS, "Too Many Hops");
            return;
        }
        if (isLoop(request, loopHash)) {
            replies.reply(null, request, Response.LOOP_DETECTED, "Loop Detected");
            return;
        }
        String unsupported = unsupportedProxyRequire(request);
        if (unsupported != null) {
            replies.reply(null, request, Response.BAD_EXTENSION, "Bad Extension",
                    r -> Replies.unsupported(r, headers, unsupported));
            return;
        }
        if (decision instanceof RouteDecision.Reject reject) {
            replies.reply(null, request, reject.status(), reject.reason());
            return;
        }
        Optional<UserAddress> caller = localCaller(request);
        if (decision instanceof RouteDecision.Pstn && caller.isEmpty()) {
            // no open relay to the PSTN: numbers are for our own, authenticated users
            replies.reply(null, request, Response.FORBIDDEN, "Calls to numbers are for users of this domain");
            return;
        }
        if (inDialog) {
            String fromTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
            proxied.seen(callId(request), fromTag, ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber());
            if (Request.BYE.equals(method)) {
                proxied.bye(callId(request), fromTag);
            }
        }
        if (caller.isPresent() && !inDialog) {
            authenticateThenRoute(request, newTransaction, caller.get(), decision, loopHash);
        } else {
            ServerTransaction tx = newTransaction.get();
            if (tx != null) {
                execute(tx, request, decision, loopHash, null);
            }
        }
    }

    private void authenticateThenRoute(Request request, Supplier<ServerTransaction> newTransaction,
                                       UserAddress caller, RouteDecision decision, String loopHash) {
        String realm = domains.find(caller.domain()).orElseThrow().realm();
        boolean aaaDigest = decision instanceof RouteDecision.Pstn && aaa.verifiesDigest(caller.domain());
        if (request.getHeader(javax.sip.header.ProxyAuthorizationHeader.NAME) == null) {
            // stateless, like the 401 of the registrar
            challenge(null, request, realm, false, aaaDigest);
            return;
        }
        ServerTransaction tx = newTransaction.get();
        if (tx == null) {
            return;
        }
        if (aaaDigest && decision instanceof RouteDecision.Pstn pstn) {
            // RFC 5090: the AAA server checks the digest; we check our nonce is fresh and not replayed
            switch (auth.delegate(request, realm, true, AAA_DIGEST)) {
                case DelegatedDigest.Challenge c -> challenge(tx, request, realm, c.stale(), true);
                case DelegatedDigest.Ready ready -> {
                    DigestAuthenticator.consumeProxyCredentials(request, realm);
                    calls.pstn(tx, pstn, new CallSetup.Caller(caller, ready.response().username()),
                            Optional.of(ready.response()));
                }
            }
            return;
        }
        String username = DigestAuthenticator.username(request, realm, true).orElse(caller.local());
        auth.authenticate(request, caller, realm, true).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("{} from {}: authentication failed unexpectedly", request.getMethod(), caller, error);
                replies.reply(tx, request, Response.SERVER_INTERNAL_ERROR, "Authentication error");
                return;
            }
            switch (result) {
                case AuthResult.Challenge c -> challenge(tx, request, realm, c.stale());
                case AuthResult.Forbidden f -> {
                    log.info("{} {} from {} refused: {}", request.getMethod(), callId(request), caller, f.reason());
                    replies.reply(tx, request, Response.FORBIDDEN, "Forbidden");
                }
                case AuthResult.Unavailable u -> replies.reply(tx, request, Response.SERVICE_UNAVAILABLE,
                        "Directory unavailable", r -> Replies.retryAfter(r, headers, 5));
                case AuthResult.Authenticated a -> {
                    DigestAuthenticator.consumeProxyCredentials(request, realm);
                    execute(tx, request, decision, loopHash, new CallSetup.Caller(caller, username));
                }
            }
        });
    }

    private void challenge(ServerTransaction tx, Request request, String realm, boolean stale) {
        challenge(tx, request, realm, stale, false);
    }

    /** {@code aaaDigest}: the AAA server checks this digest, and RADIUS servers commonly know MD5 only. */
    private void challenge(ServerTransaction tx, Request request, String realm, boolean stale, boolean aaaDigest) {
        replies.reply(tx, request, Response.PROXY_AUTHENTICATION_REQUIRED, "Proxy Authentication Required",
                r -> (aaaDigest ? auth.challenge(realm, stale, true, AAA_DIGEST) : auth.challenge(realm, stale, true))
                        .forEach(r::addHeader));
    }

    /** Carries out {@code decision}; {@code caller} is the authenticated caller, null when anonymous. */
    private void execute(ServerTransaction tx, Request request, RouteDecision decision, String loopHash,
                         CallSetup.Caller caller) {
        switch (decision) {
            case RouteDecision.LocalContacts lc -> {
                ProxyContext ctx = fork(tx, request, lc.bindings(), loopHash, caller);
                if (ctx != null && lc.phoneFallback() && ctx.isInvite()) {
                    withPhoneFallback(ctx, lc.aor(), caller);
                }
            }
            case RouteDecision.AlongRoute ar -> fork(tx, request, null, loopHash, caller);
            case RouteDecision.Directory d -> {
                if (Request.INVITE.equals(request.getMethod())) {
                    replies.reply(tx, request, Response.TRYING, "Trying");
                    calls.directory(tx, d, caller, java.time.Instant.now());
                } else {
                    noBinding(tx, request, d.aor(), caller); // only calls go to a phone number
                }
            }
            case RouteDecision.Pstn p -> {
                if (Request.INVITE.equals(request.getMethod()) && caller != null) {
                    calls.pstn(tx, p, caller, Optional.empty());
                } else {
                    replies.reply(tx, request, Response.NOT_FOUND, "Not Found");
                }
            }
            case RouteDecision.NoBinding nb -> noBinding(tx, request, nb.aor(), caller);
            case RouteDecision.Reject r -> replies.reply(tx, request, r.status(), r.reason());
            case RouteDecision.ForUs f -> replies.reply(tx, request, Response.OK, "OK");
        }
    }

    /** A person with no device: 480 if the directory knows them, else 404; a call attempt leaves its CDR. */
    private void noBinding(ServerTransaction tx, Request request, UserAddress aor, CallSetup.Caller caller) {
        directory.findUser(aor).whenComplete((user, error) -> {
            int status;
            if (error != null) {
                status = Response.SERVICE_UNAVAILABLE;
                replies.reply(tx, request, status, "Directory unavailable", r -> Replies.retryAfter(r, headers, 5));
            } else {
                status = user.isPresent() ? Response.TEMPORARILY_UNAVAILABLE : Response.NOT_FOUND;
                replies.reply(tx, request, status, user.isPresent() ? "Temporarily Unavailable" : "Not Found");
            }
            if (Request.INVITE.equals(request.getMethod())) {
                FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
                proxied.failed(proxied.begin(callId(request), from.getTag(), from.getAddress().getURI().toString(),
                        caller == null ? null : caller.address().toString(), request.getRequestURI().toString()),
                        status, org.parloir.cdr.api.HangupParty.SERVER);
            }
        });
    }

    /**
     * Devices-then-phone: the devices ring for the domain's no-answer timeout; when none answers, or all fail,
     * the caller's transaction goes to the B2BUA, which calls the person's directory number.
     */
    private void withPhoneFallback(ProxyContext ctx, UserAddress aor, CallSetup.Caller caller) {
        ctx.fallback = () -> calls.directory(ctx.server, new RouteDecision.Directory(aor, true), caller,
                ctx.attempt != null ? ctx.attempt.start : java.time.Instant.now());
        long delay = props.routing().policyFor(aor.domain()).noAnswerTimeout().toMillis();
        timers.schedule(ctx::noAnswer, delay, TimeUnit.MILLISECONDS);
    }

    /** The devices did not answer: the phone number is tried instead of answering the caller. */
    void fallBack(ProxyContext ctx) {
        invites.remove(ctx.inviteKey);
        log.info("{}: no device answered, trying the phone number", callId(ctx.request));
        ctx.fallback.run();
    }

    ProxiedCalls calls() {
        return proxied;
    }

    /** The dialog a proxied INVITE and its 2xx made, as far as ending it from here goes; null when it cannot be. */
    ProxiedDialog dialogOf(Request invite, Response ok) {
        try {
            return ProxiedDialog.of(callId(invite), invite, ok, local::isSelf);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** An administrator's BYE into a proxied dialog, as if sent by the other party. */
    private void sendBye(ProxiedDialog d, boolean toCallee) {
        try {
            Address from = (Address) (toCallee ? d.caller : d.callee).clone();
            Address to = (Address) (toCallee ? d.callee : d.caller).clone();
            Request bye = messages.createRequest((URI) (toCallee ? d.calleeTarget : d.callerTarget).clone(),
                    Request.BYE, headers.createCallIdHeader(d.callId),
                    headers.createCSeqHeader(toCallee ? d.nextCallerCseq() : d.nextCalleeCseq(), Request.BYE),
                    headers.createFromHeader(from, toCallee ? d.callerTag : d.calleeTag),
                    headers.createToHeader(to, toCallee ? d.calleeTag : d.callerTag), new java.util.ArrayList<>(),
                    headers.createMaxForwardsHeader(props.proxy().maxForwards()));
            for (Address hop : toCallee ? d.towardCallee : d.towardCaller) {
                bye.addHeader(headers.createRouteHeader((Address) hop.clone()));
            }
            String transport = SipHops.transport(bye);
            ViaHeader via = headers.createViaHeader(local.host(), local.port(transport), transport,
                    OUR_BRANCH + "bye." + Long.toHexString(serial.incrementAndGet()));
            via.setRPort();
            bye.addHeader(via);
            ClientTransaction ct = provider.getNewClientTransaction(bye);
            ct.setApplicationData(IGNORED);
            ct.sendRequest();
            log.info("{}: BYE sent to the {} by an administrator", d.callId, toCallee ? "callee" : "caller");
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot send the administrator's BYE to the {}: {}", d.callId,
                    toCallee ? "callee" : "caller", e.getMessage());
        }
    }

    /** Forks to {@code targets}, or forwards once with the Request-URI unchanged when null. */
    private ProxyContext fork(ServerTransaction tx, Request request, List<Binding> targets, String loopHash,
                              CallSetup.Caller caller) {
        boolean invite = Request.INVITE.equals(request.getMethod());
        String key = invite ? inviteKey(request) : null;
        ProxyContext ctx = new ProxyContext(tx, request, key, this);
        if (invite) {
            replies.reply(tx, request, Response.TRYING, "Trying");
            invites.put(key, ctx);
            if (targets != null) {
                FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
                ctx.attempt = proxied.begin(callId(request), from.getTag(), from.getAddress().getURI().toString(),
                        caller == null ? null : caller.address().toString(), request.getRequestURI().toString());
            }
        }
        String inTransport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(Locale.ROOT);
        int sent = 0;
        if (targets == null) {
            sent += send(ctx, request, null, inTransport, loopHash) ? 1 : 0;
        } else {
            for (Binding b : targets) {
                sent += send(ctx, request, b, inTransport, loopHash) ? 1 : 0;
            }
        }
        if (sent == 0) {
            invites.remove(key == null ? "" : key);
            replies.reply(tx, request, Response.SERVICE_UNAVAILABLE, "No reachable contact");
            if (ctx.attempt != null) {
                proxied.failed(ctx.attempt, Response.SERVICE_UNAVAILABLE, org.parloir.cdr.api.HangupParty.SERVER);
            }
            return null;
        }
        return ctx;
    }

    private boolean send(ProxyContext ctx, Request request, Binding target, String inTransport, String loopHash) {
        try {
            Request copy = branchRequest(request, target, inTransport, loopHash);
            if (copy == null) {
                return false;
            }
            ClientTransaction ct = provider.getNewClientTransaction(copy);
            Branch branch = new Branch(ctx, ct);
            ct.setApplicationData(branch);
            ctx.add(branch);
            ct.sendRequest();
            if (ctx.isInvite()) {
                scheduleTimerC(branch);
            }
            return true;
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot forward to {}: {}", callId(request), target != null ? target.contact()
                    : request.getRequestURI(), e.getMessage());
            return false;
        }
    }

    /**
     * The copy of {@code request} for one branch (§16.6 steps 1–8): Request-URI set to the contact and Path turned
     * into Route, Max-Forwards decremented, Record-Route and our Via added. Null when no listening point of ours
     * can reach the next hop.
     */
    Request branchRequest(Request request, Binding target, String inTransport, String loopHash)
            throws ParseException, SipException, InvalidArgumentException {
        Request copy = (Request) request.clone();
        if (target != null) {
            copy.setRequestURI(addresses.createURI(target.contact()));
            // RFC 3327: the Path of the binding becomes the route toward the UA
            for (int i = target.path().size() - 1; i >= 0; i--) {
                copy.addFirst(headers.createRouteHeader(addresses.createAddress(target.path().get(i))));
            }
        }
        String outTransport = SipHops.transport(copy);
        if (!local.hasTransport(outTransport)) {
            log.info("{}: no {} listening point to reach {}", callId(copy), outTransport, copy.getRequestURI());
            return null;
        }
        MaxForwardsHeader mf = (MaxForwardsHeader) copy.getHeader(MaxForwardsHeader.NAME);
        if (mf == null) {
            copy.addHeader(headers.createMaxForwardsHeader(props.proxy().maxForwards()));
        } else {
            mf.decrementMaxForwards();
        }
        if (props.recordRoute() && isDialogCreating(copy)) {
            // §16.6 step 4; two entries when the transport changes, so each side gets one it can reach
            copy.addFirst(recordRoute(inTransport));
            if (!outTransport.equals(inTransport)) {
                copy.addFirst(recordRoute(outTransport));
            }
        }
        ViaHeader via = headers.createViaHeader(local.host(), local.port(outTransport), outTransport,
                OUR_BRANCH + loopHash + "." + Long.toHexString(serial.incrementAndGet()));
        via.setRPort();
        copy.addFirst(via);
        return copy;
    }

    /** Timer C (§16.6 step 11): an INVITE branch silent for too long is cancelled. */
    private void scheduleTimerC(Branch branch) {
        long delay = props.proxy().timerC().toMillis();
        java.util.concurrent.ScheduledFuture<?> timer = timers.schedule(() -> {
            boolean expire;
            synchronized (branch.context) {
                expire = !branch.done() && System.currentTimeMillis() - branch.lastActivity >= delay;
            }
            if (expire) {
                log.info("{}: timer C fired, cancelling branch", callId(branch.context.request));
                if (branch.provisionalSeen) {
                    sendCancel(branch);
                }
                branch.context.onBranchFailure(branch, Response.REQUEST_TIMEOUT, "Request Timeout");
            } else if (!branch.done()) {
                scheduleTimerC(branch);
            }
        }, delay, TimeUnit.MILLISECONDS);
        synchronized (branch.context) {
            if (branch.done()) {
                timer.cancel(false);
            } else {
                branch.timerC = timer;
            }
        }
    }

    private RecordRouteHeader recordRoute(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI(null, local.host());
        uri.setPort(local.port(transport));
        uri.setTransportParam(transport);
        uri.setLrParam();
        Address address = addresses.createAddress(uri);
        return headers.createRecordRouteHeader(address);
    }

    private static boolean isDialogCreating(Request request) {
        String m = request.getMethod();
        return Request.INVITE.equals(m) || Request.SUBSCRIBE.equals(m) || Request.REFER.equals(m)
                || Request.NOTIFY.equals(m);
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
            replies.reply(null, request, Response.OK, "OK", r -> {
                try {
                    r.addHeader(headers.createAllowHeader(
                            "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, UPDATE, PRACK, REFER, SUBSCRIBE, "
                                    + "NOTIFY, MESSAGE"));
                    r.addHeader(headers.createAcceptHeader("application", "sdp"));
                    r.addHeader(headers.createSupportedHeader("path"));
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
            });
        } else if (Request.INVITE.equals(request.getMethod()) || Request.BYE.equals(request.getMethod())) {
            replies.reply(null, request, Response.NOT_FOUND, "No user part in Request-URI");
        } else {
            replies.reply(null, request, Response.METHOD_NOT_ALLOWED, "Method Not Allowed");
        }
    }

    private static String unsupportedProxyRequire(Request request) {
        ListIterator<?> it = request.getHeaders(ProxyRequireHeader.NAME);
        return it.hasNext() ? ((ProxyRequireHeader) it.next()).getOptionTag() : null;
    }

    // ---------------------------------------------------------------- loops

    /** §16.6 step 8: a hash of what makes a request the same request at this point of its journey. */
    static String loopHash(Request request) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(request.getRequestURI()).append('|')
                .append(((FromHeader) request.getHeader(FromHeader.NAME)).getTag()).append('|')
                .append(((ToHeader) request.getHeader(ToHeader.NAME)).getTag()).append('|')
                .append(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId()).append('|')
                .append(((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber());
        ListIterator<?> routes = request.getHeaders(RouteHeader.NAME);
        while (routes.hasNext()) {
            sb.append('|').append(routes.next());
        }
        long h = 0xcbf29ce484222325L; // FNV-1a 64
        for (int i = 0; i < sb.length(); i++) {
            h ^= sb.charAt(i);
            h *= 0x100000001b3L;
        }
        return Long.toHexString(h);
    }

    /** §16.3 step 4: one of our Vias carries the same loop hash, so this exact request came back. */
    private boolean isLoop(Request request, String loopHash) {
        String mine = OUR_BRANCH + loopHash + ".";
        ListIterator<?> vias = request.getHeaders(ViaHeader.NAME);
        while (vias.hasNext()) {
            ViaHeader via = (ViaHeader) vias.next();
            if (via.getBranch() != null && via.getBranch().startsWith(mine)) {
                return true;
            }
        }
        return false;
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
            log.debug("dropping ACK {} with nowhere to go", callId(ack));
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
                    OUR_BRANCH + "ack." + Long.toHexString(serial.incrementAndGet()));
            ack.addFirst(via);
            provider.sendRequest(ack);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("cannot forward ACK {}: {}", callId(ack), e.getMessage());
        }
    }

    private void cancel(Request cancel, Supplier<ServerTransaction> newTransaction) {
        ServerTransaction tx = newTransaction.get();
        ProxyContext ctx = invites.get(inviteKey(cancel));
        if (ctx == null || ctx.finalSent()) {
            replies.reply(tx, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call/Transaction Does Not Exist");
            return;
        }
        replies.reply(tx, cancel, Response.OK, "OK");
        ctx.cancel();
    }

    void sendCancel(Branch branch) {
        try {
            Request cancel = branch.transaction.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
        } catch (SipException | RuntimeException e) {
            log.debug("cannot CANCEL a branch of {}: {}", callId(branch.context.request), e.getMessage());
        }
    }

    /** CANCEL and INVITE share the top Via branch and sent-by (§9.2). */
    private static String inviteKey(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via.getBranch() + "|" + via.getHost() + ":" + via.getPort() + "|"
                + ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
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
        if (ProxyContext.topViaIsOurs(response, OUR_BRANCH)) {
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
            branch.context.onBranchFailure(branch, Response.REQUEST_TIMEOUT, "Request Timeout");
        }
    }

    public void onTransportError(ClientTransaction ct) {
        if (ct != null && ct.getApplicationData() instanceof Branch branch) {
            branch.context.onBranchFailure(branch, Response.SERVICE_UNAVAILABLE, "Contact unreachable");
        }
    }

    void forwardResponse(ProxyContext ctx, Response response, boolean stateless) {
        Response out = (Response) response.clone();
        if (ProxyContext.topViaIsOurs(out, OUR_BRANCH)) {
            out.removeFirst(ViaHeader.NAME);
        }
        if (out.getStatusCode() >= 200 && ctx.inviteKey != null) {
            invites.remove(ctx.inviteKey);
        }
        replies.send(stateless ? null : ctx.server, out);
    }

    Response localResponse(Request request, int status, String reason) {
        return replies.create(request, status, reason);
    }

    /** INVITEs being proxied that have no final response yet. */
    public int activeInvites() {
        return invites.size();
    }

    private static String callId(Request request) {
        CallIdHeader h = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return h == null ? "?" : h.getCallId();
    }
}

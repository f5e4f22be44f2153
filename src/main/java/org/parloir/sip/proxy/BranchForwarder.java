package org.parloir.sip.proxy;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.Replies;
import org.parloir.sip.SipHops;
import org.parloir.sip.SipProperties;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.b2bua.CallSetup;
import org.parloir.sip.registrar.Binding;
import org.parloir.sip.stack.LocalEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a request on one or more branches (RFC 3261 §16.5–16.6): a copy per target with its Request-URI, Path
 * route, Max-Forwards, Record-Route and Via, each on its own client transaction with Timer C for INVITEs (§16.6
 * step 11), all gathered in one {@link ProxyContext}. Kept apart from {@link ProxyCore}, which decides whether and
 * where a request goes; this class only makes the copies and sends them. {@link #branchRequest} is the proxy's hot
 * path (see SipHotPathBenchmark).
 */
final class BranchForwarder {

    private static final Logger log = LoggerFactory.getLogger(BranchForwarder.class);
    private static final Refusal NO_TLS_CONTACT = new Refusal.TemporarilyUnavailable(
            "No TLS contact for a sips: request");
    private static final Refusal NO_REACHABLE_CONTACT = new Refusal.ServiceUnavailable("No reachable contact", 0);

    private final ProxyCore core;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Replies replies;
    private final LocalEndpoint local;
    private final SipProperties props;
    private final ScheduledExecutorService timers;
    private final ProxiedCalls proxied;
    private final Map<String, ProxyContext> invites;
    private final ViaBranches branches;

    BranchForwarder(ProxyCore core, SipProvider provider, HeaderFactory headers, AddressFactory addresses,
                    Replies replies, LocalEndpoint local, SipProperties props, ScheduledExecutorService timers,
                    ProxiedCalls proxied, Map<String, ProxyContext> invites, ViaBranches branches) {
        this.core = core;
        this.provider = provider;
        this.headers = headers;
        this.addresses = addresses;
        this.replies = replies;
        this.local = local;
        this.props = props;
        this.timers = timers;
        this.proxied = proxied;
        this.invites = invites;
        this.branches = branches;
    }

    /** Forks to {@code targets}, or forwards once with the Request-URI unchanged when null. */
    ProxyContext fork(ServerTransaction tx, Request request, List<Binding> targets, String loopHash,
                      CallSetup.Caller caller) {
        return fork(tx, request, targets, loopHash, caller, true);
    }

    /**
     * As {@link #fork(ServerTransaction, Request, List, String, CallSetup.Caller)}; {@code recorded} false for the
     * B2BUA's own leg to a person's SIP devices, whose call the B2BUA records.
     */
    ProxyContext fork(ServerTransaction tx, Request request, List<Binding> targets, String loopHash,
                      CallSetup.Caller caller, boolean recorded) {
        boolean invite = Request.INVITE.equals(request.getMethod());
        String key = invite ? SipHops.inviteKey(request) : null;
        ProxyContext ctx = new ProxyContext(tx, request, key, core);
        if (invite) {
            replies.trying(tx, request);
            invites.put(key, ctx);
            if (targets != null && recorded) {
                FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
                ctx.attempt = proxied.begin(SipHops.callId(request), from.getTag(),
                        from.getAddress().getURI().toString(), caller == null ? null : caller.address().toString(),
                        request.getRequestURI().toString());
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
            // RFC 5630 §4.1: a sips: request goes over TLS on every hop, or not at all
            Refusal refusal = SipHops.isSips(request) ? NO_TLS_CONTACT : NO_REACHABLE_CONTACT;
            replies.refuse(tx, request, refusal);
            if (ctx.attempt != null) {
                proxied.failed(ctx.attempt, refusal.status(), HangupParty.SERVER); // the CDR says what we answered
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
            log.info("{}: cannot forward to {}: {}", SipHops.callId(request), target != null ? target.contact()
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
        if (SipHops.isSips(request) && !"tls".equals(outTransport)) {
            // RFC 5630 §4.1 (no last-hop exception): a target reached without TLS is not a target of a sips: request
            log.info("{}: {} is not reached over TLS; not a target of sips request {}", SipHops.callId(copy),
                    copy.getRequestURI(), request.getRequestURI());
            return null;
        }
        if (!local.hasTransport(outTransport)) {
            log.info("{}: no {} listening point to reach {}", SipHops.callId(copy), outTransport,
                    copy.getRequestURI());
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
                branches.next(loopHash));
        via.setRPort();
        copy.addFirst(via);
        return copy;
    }

    /** Timer C (§16.6 step 11): an INVITE branch silent for too long is cancelled. */
    private void scheduleTimerC(Branch branch) {
        long delay = props.proxy().timerC().toMillis();
        ScheduledFuture<?> timer = timers.schedule(() -> {
            boolean expire;
            synchronized (branch.context) {
                expire = !branch.done() && System.currentTimeMillis() - branch.lastActivity >= delay;
            }
            if (expire) {
                log.info("{}: timer C fired, cancelling branch", SipHops.callId(branch.context.request));
                if (branch.provisionalSeen) {
                    sendCancel(branch);
                }
                branch.context.onBranchFailure(branch, Refusal.REQUEST_TIMEOUT);
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

    /** CANCELs one branch (§16.10); its 487 comes back on the branch's INVITE transaction. */
    void sendCancel(Branch branch) {
        try {
            Request cancel = branch.transaction.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
        } catch (SipException | RuntimeException e) {
            log.debug("cannot CANCEL a branch of {}: {}", SipHops.callId(branch.context.request), e.getMessage());
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
}

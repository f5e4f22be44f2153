package org.parloir.sip.registrar;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.sip.Replies;
import org.parloir.sip.SipProperties;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.auth.AuthResult;
import org.parloir.sip.auth.DigestAuthenticator;
import org.parloir.sip.auth.KnownAgents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar (RFC 3261 §10.3, Path per RFC 3327). Authenticates the REGISTER as its To address, then applies
 * all contact changes or none, and answers 200 with every current binding once the change is committed to the
 * database ({@code durable-timeout}; past it 500 with Retry-After).
 */
public final class Registrar {

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);
    /** RFC 3261 §21.5.1, §20.33: after a 500 for a change not yet durable, about the writer's longest back-off. */
    private static final Refusal NOT_STORED = new Refusal.ServerError("Binding not stored", 5);
    private static final Refusal DOMAIN_NOT_SERVED = new Refusal.Forbidden("Domain not served here");

    private final LocationService location;
    private final DigestAuthenticator auth;
    private final DomainsProperties domains;
    private final SipProperties.Registrar cfg;
    private final Replies replies;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Executor replyExecutor;

    /**
     * @param replyExecutor sends the answers that wait for a commit; not the database writer's thread, as a send
     *                      over TCP may block
     */
    public Registrar(LocationService location, DigestAuthenticator auth, DomainsProperties domains,
                     SipProperties.Registrar cfg, Replies replies, HeaderFactory headers, AddressFactory addresses,
                     Executor replyExecutor) {
        this.location = location;
        this.auth = auth;
        this.domains = domains;
        this.cfg = cfg;
        this.replies = replies;
        this.headers = headers;
        this.addresses = addresses;
        this.replyExecutor = replyExecutor;
    }

    /** Called on a SIP thread; {@code tx} is null until we decide the request is worth a transaction. */
    public void register(Request request, java.util.function.Supplier<ServerTransaction> newTransaction) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (!(to.getAddress().getURI() instanceof SipURI toUri) || toUri.getUser() == null) {
            replies.refuse(null, request, new Refusal.BadRequest("To must be a sip: address with a user part"));
            return;
        }
        Optional<DomainsProperties.Domain> domain = domains.find(toUri.getHost());
        if (domain.isEmpty()) {
            replies.refuse(null, request, DOMAIN_NOT_SERVED);
            return;
        }
        List<String> unsupported = unsupportedRequire(request);
        if (!unsupported.isEmpty()) {
            replies.refuse(null, request, new Refusal.BadExtension(unsupported));
            return;
        }
        String realm = domain.get().realm();
        UserAddress aor = new UserAddress(toUri.getUser(), toUri.getHost());
        if (request.getHeader(javax.sip.header.AuthorizationHeader.NAME) == null) {
            // stateless: a retransmission just gets another challenge
            refuse(null, request, aor, realm, new AuthResult.Challenge(false));
            return;
        }
        ServerTransaction tx = newTransaction.get();
        if (tx == null) {
            return; // a retransmission the stack already handles
        }
        auth.authenticate(request, aor, realm, false).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("REGISTER {}: authentication failed unexpectedly", aor, error);
                replies.refuse(tx, request, Refusal.AUTHENTICATION_ERROR);
                return;
            }
            switch (result) {
                case AuthResult.Refused refused -> refuse(tx, request, aor, realm, refused);
                case AuthResult.Authenticated a -> apply(tx, request, aor);
            }
        });
    }

    /** RFC 3261 §10.3 steps 5-6: a registrar challenges with 401 (not 407) and refuses wrong credentials. */
    private void refuse(ServerTransaction tx, Request request, UserAddress aor, String realm,
                        AuthResult.Refused refused) {
        if (refused instanceof AuthResult.Forbidden f) {
            log.info("REGISTER {} refused: {}", aor, f.reason());
        }
        Refusal refusal = refused.refusal(false);
        replies.refuse(tx, request, refusal, r -> {
            if (refusal instanceof Refusal.Challenge c) {
                auth.challenge(request, aor, realm, c.stale(), false).forEach(r::addHeader);
            }
        });
    }

    private void apply(ServerTransaction tx, Request request, UserAddress aor) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        ExpiresHeader expiresHeader = request.getExpires();
        int defaultExpires = expiresHeader != null ? expiresHeader.getExpires() : cfg.defaultExpires();
        List<ContactHeader> contacts = contacts(request);
        LocationService.UpdateResult result;
        if (contacts.stream().anyMatch(ContactHeader::isWildCard)) {
            // §10.3 step 6: "*" only alone and only with Expires: 0
            if (contacts.size() != 1 || expiresHeader == null || expiresHeader.getExpires() != 0) {
                replies.refuse(tx, request, new Refusal.BadRequest("Contact * needs Expires: 0 and no other contact"));
                return;
            }
            result = location.removeAll(aor.toString(), callId, cseq);
        } else {
            List<LocationService.ContactChange> changes = new ArrayList<>();
            for (ContactHeader c : contacts) {
                int expires = c.getExpires() >= 0 ? c.getExpires() : defaultExpires;
                if (expires > 0 && expires < cfg.minExpires()) {
                    replies.refuse(tx, request, new Refusal.IntervalTooBrief(cfg.minExpires()));
                    return;
                }
                changes.add(new LocationService.ContactChange(c.getAddress().getURI(),
                        Math.min(expires, cfg.maxExpires()), c.getQValue()));
            }
            result = changes.isEmpty()
                    ? LocationService.UpdateResult.Updated.unchanged(location.lookup(aor.toString()))
                    : location.update(aor.toString(), changes, callId, cseq, paths(request), source(request),
                            KnownAgents.userAgent(request));
        }
        switch (result) {
            case LocationService.UpdateResult.OutOfOrder o ->
                    replies.refuse(tx, request, new Refusal.ServerError("Out of order CSeq for this Call-ID", 0));
            case LocationService.UpdateResult.TooManyContacts t ->
                    replies.refuse(tx, request, new Refusal.Forbidden("Too many contacts (max " + t.max() + ")"));
            case LocationService.UpdateResult.Updated u -> {
                if (log.isDebugEnabled()) {
                    log.debug("REGISTER {} Call-ID {}: {} binding(s)", aor, callId, u.current().size());
                }
                if (u.committed().isDone()) {
                    answer(tx, request, aor, callId, u, u.committed().isCompletedExceptionally());
                } else {
                    // issue 9: the 200 only once the change is durable; never wait on the SIP thread
                    u.committed().orTimeout(cfg.durableTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .whenCompleteAsync((v, error) -> answer(tx, request, aor, callId, u, error != null),
                                    replyExecutor);
                }
            }
        }
    }

    private void answer(ServerTransaction tx, Request request, UserAddress aor, String callId,
                        LocationService.UpdateResult.Updated u, boolean notCommitted) {
        if (notCommitted) {
            log.warn("REGISTER {} Call-ID {}: binding change not committed within {} ms; 500 with Retry-After,"
                    + " kept in memory for a later write", aor, callId, cfg.durableTimeout().toMillis());
            replies.refuse(tx, request, NOT_STORED);
            return;
        }
        replies.ok(tx, request, r -> ok(r, request, u.current()));
    }

    private void ok(Response response, Request request, List<Binding> current) {
        long now = System.currentTimeMillis();
        try {
            for (Binding b : current) {
                Address address = addresses.createAddress(addresses.createURI(b.contact()));
                ContactHeader contact = headers.createContactHeader(address);
                contact.setExpires(b.secondsLeft(now));
                if (b.q() >= 0) {
                    contact.setQValue(b.q());
                }
                response.addHeader(contact);
            }
            response.addHeader(headers.createDateHeader(Calendar.getInstance()));
            if (supportsPath(request)) {
                ListIterator<?> it = request.getHeaders("Path");
                while (it.hasNext()) {
                    response.addLast((Header) it.next());
                }
            }
        } catch (ParseException | InvalidArgumentException | javax.sip.SipException e) {
            throw new IllegalStateException("cannot build REGISTER 200 OK", e);
        }
    }

    private static List<ContactHeader> contacts(Request request) {
        List<ContactHeader> list = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            list.add((ContactHeader) it.next());
        }
        return list;
    }

    private static List<String> paths(Request request) {
        List<String> list = new ArrayList<>();
        ListIterator<?> it = request.getHeaders("Path");
        while (it.hasNext()) {
            String value = it.next().toString();
            int colon = value.indexOf(':');
            list.add(value.substring(colon + 1).trim());
        }
        return list;
    }

    private static boolean supportsPath(Request request) {
        ListIterator<?> it = request.getHeaders(SupportedHeader.NAME);
        while (it.hasNext()) {
            if ("path".equalsIgnoreCase(((SupportedHeader) it.next()).getOptionTag())) {
                return true;
            }
        }
        return false;
    }

    /** We support "path" (RFC 3327) only; RFC 3261 §8.2.2.3: the 420 lists every tag we do not support. */
    private static List<String> unsupportedRequire(Request request) {
        List<String> unsupported = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(javax.sip.header.RequireHeader.NAME);
        while (it.hasNext()) {
            String tag = ((javax.sip.header.RequireHeader) it.next()).getOptionTag();
            if (!"path".equalsIgnoreCase(tag)) {
                unsupported.add(tag);
            }
        }
        return unsupported;
    }

    static String source(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String host = via.getReceived() != null ? via.getReceived() : via.getHost();
        int port = via.getRPort() > 0 ? via.getRPort() : via.getPort();
        return via.getTransport().toLowerCase(Locale.ROOT) + ":" + host + ":" + (port > 0 ? port : 5060);
    }
}

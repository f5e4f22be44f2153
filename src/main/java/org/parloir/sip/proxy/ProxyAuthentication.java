package org.parloir.sip.proxy;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sip.ServerTransaction;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.message.Request;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.sip.SipHops;
import org.parloir.sip.Replies;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.auth.AuthResult;
import org.parloir.sip.auth.DelegatedDigest;
import org.parloir.sip.auth.DigestAlgorithm;
import org.parloir.sip.auth.DigestAuthenticator;
import org.parloir.sip.b2bua.CallSetup;
import org.parloir.sip.routing.RouteDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy authentication of out-of-dialog requests from users of our domains (RFC 3261 §22.3): a 407 challenge
 * without a server transaction when no credentials came, else the digest is checked, by us or, for PSTN calls of
 * a domain whose AAA server verifies digests, by that server (RFC 5090, on the B2BUA's RADIUS request). Only an
 * authenticated request goes on to {@link RouteExecution}. Kept apart from {@link ProxyCore} so the proxy's
 * validation and routing read without the authentication outcomes.
 */
final class ProxyAuthentication {

    private static final Logger log = LoggerFactory.getLogger(ProxyAuthentication.class);
    /** Digest algorithms offered when the AAA server verifies the response (FreeRADIUS: MD5 only). */
    private static final List<DigestAlgorithm> AAA_DIGEST = List.of(DigestAlgorithm.MD5);

    private final DomainsProperties domains;
    private final DigestAuthenticator auth;
    private final CallAuthorizer aaa;
    private final CallSetup calls;
    private final Replies replies;
    private final RouteExecution execution;

    ProxyAuthentication(DomainsProperties domains, DigestAuthenticator auth, CallAuthorizer aaa, CallSetup calls,
                        Replies replies, RouteExecution execution) {
        this.domains = domains;
        this.auth = auth;
        this.aaa = aaa;
        this.calls = calls;
        this.replies = replies;
        this.execution = execution;
    }

    void authenticateThenRoute(Request request, Supplier<ServerTransaction> newTransaction,
                               UserAddress caller, RouteDecision decision, String loopHash) {
        String realm = domains.find(caller.domain()).orElseThrow().realm();
        boolean aaaDigest = decision instanceof RouteDecision.Pstn && aaa.verifiesDigest(caller.domain());
        if (request.getHeader(ProxyAuthorizationHeader.NAME) == null) {
            // stateless, like the 401 of the registrar
            refuse(null, request, caller, realm, new Refusal.Challenge(true, false), aaaDigest);
            return;
        }
        ServerTransaction tx = newTransaction.get();
        if (tx == null) {
            return;
        }
        if (aaaDigest && decision instanceof RouteDecision.Pstn pstn) {
            // RFC 5090: the AAA server checks the digest; we check our nonce is fresh and not replayed
            switch (auth.delegate(request, realm, true, AAA_DIGEST)) {
                case DelegatedDigest.Challenge c ->
                        refuse(tx, request, caller, realm, new Refusal.Challenge(true, c.stale()), true);
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
                replies.refuse(tx, request, Refusal.AUTHENTICATION_ERROR);
                return;
            }
            switch (result) {
                case AuthResult.Refused refused -> {
                    if (refused instanceof AuthResult.Forbidden f) {
                        log.info("{} {} from {} refused: {}", request.getMethod(), SipHops.callId(request), caller,
                                f.reason());
                    }
                    refuse(tx, request, caller, realm, refused.refusal(true), false);
                }
                case AuthResult.Authenticated a -> {
                    DigestAuthenticator.consumeProxyCredentials(request, realm);
                    execution.execute(tx, request, decision, loopHash, new CallSetup.Caller(caller, username));
                }
            }
        });
    }

    /**
     * A challenge gets its Proxy-Authenticate headers; {@code aaaDigest}: the AAA server checks this digest, and
     * RADIUS servers commonly know MD5 only.
     */
    private void refuse(ServerTransaction tx, Request request, UserAddress caller, String realm, Refusal refusal,
                        boolean aaaDigest) {
        replies.refuse(tx, request, refusal, r -> {
            if (refusal instanceof Refusal.Challenge c) {
                (aaaDigest ? auth.challenge(realm, c.stale(), true, AAA_DIGEST)
                        : auth.challenge(request, caller, realm, c.stale(), true)).forEach(r::addHeader);
            }
        });
    }
}

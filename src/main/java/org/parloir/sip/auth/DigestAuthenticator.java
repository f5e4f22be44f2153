package org.parloir.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import org.parloir.aaa.api.DigestResponse;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.DirectoryUnavailableException;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.SipCredentials;

/**
 * Digest authentication of SIP requests (RFC 3261 §22, RFC 2617 with {@code qop=auth}, RFC 8760 SHA-256).
 *
 * <p>Challenges offer what the {@link ChallengePolicy} picks for the user's domain and UA, one header per
 * algorithm, all with the same nonce (by default one, MD5). Responses are verified
 * against the {@code uri} parameter the client sent (SIPp puts the target address there, as many UAs do after a
 * redirect), then the nonce count is consumed so a replay fails.
 */
public final class DigestAuthenticator {

    private final NonceService nonces;
    private final SipCredentialSource credentials;
    private final HeaderFactory headers;
    private final ChallengePolicy policy;

    public DigestAuthenticator(NonceService nonces, SipCredentialSource credentials, HeaderFactory headers,
                               ChallengePolicy policy) {
        this.nonces = nonces;
        this.credentials = credentials;
        this.headers = headers;
        this.policy = policy;
    }

    /**
     * The challenge headers for a 401 ({@code proxy=false}) or 407 response to {@code request} claiming to be
     * {@code claimed} (the To of a REGISTER, the From of an INVITE).
     */
    public List<WWWAuthenticateHeader> challenge(Request request, UserAddress claimed, String realm, boolean stale,
                                                boolean proxy) {
        return challenge(realm, stale, proxy, policy.offer(claimed, agentIfChoice(request, claimed)));
    }

    /** A challenge offering only {@code algorithms} (e.g. MD5 for an AAA server that knows no other). */
    public List<WWWAuthenticateHeader> challenge(String realm, boolean stale, boolean proxy,
                                                List<DigestAlgorithm> algorithms) {
        String nonce = nonces.issue();
        List<WWWAuthenticateHeader> list = new ArrayList<>(algorithms.size());
        try {
            for (DigestAlgorithm algorithm : algorithms) {
                WWWAuthenticateHeader h = proxy ? headers.createProxyAuthenticateHeader("Digest")
                        : headers.createWWWAuthenticateHeader("Digest");
                h.setRealm(realm);
                h.setNonce(nonce);
                h.setAlgorithm(algorithm.token());
                h.setQop("auth");
                if (stale) {
                    h.setStale(true);
                }
                list.add(h);
            }
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build challenge for realm " + realm, e);
        }
        return list;
    }

    /**
     * Authenticates {@code request} as {@code claimed} (the To of a REGISTER, the From of an INVITE) in
     * {@code realm}, using the Authorization ({@code proxy=false}) or Proxy-Authorization header for that realm.
     */
    public CompletionStage<AuthResult> authenticate(Request request, UserAddress claimed, String realm,
                                                    boolean proxy) {
        Precheck.Fresh fresh;
        switch (precheck(request, realm, proxy, policy.accepted(claimed.domain()))) {
            case Precheck.Again again -> {
                return CompletableFuture.completedFuture(new AuthResult.Challenge(again.stale()));
            }
            case Precheck.Fresh f -> fresh = f;
        }
        AuthorizationHeader auth = fresh.auth();
        return credentials.sipCredentials(claimed)
                .thenApply(creds -> verify(request, auth, fresh.algorithm(), realm, claimed, creds))
                .exceptionally(e -> {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof DirectoryUnavailableException) {
                        return new AuthResult.Unavailable(cause.getMessage());
                    }
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                });
    }

    /**
     * RFC 5090 §3: the AAA server verifies the response itself; here only the nonce is checked (ours, not stale)
     * and its count consumed, so a replayed request never reaches the AAA server.
     */
    public DelegatedDigest delegate(Request request, String realm, boolean proxy, List<DigestAlgorithm> accepted) {
        AuthorizationHeader auth;
        switch (precheck(request, realm, proxy, accepted)) {
            case Precheck.Again again -> {
                return new DelegatedDigest.Challenge(again.stale());
            }
            case Precheck.Fresh fresh -> auth = fresh.auth();
        }
        if (auth.getUsername() == null || auth.getResponse() == null) {
            return new DelegatedDigest.Challenge(false);
        }
        String qop = auth.getQop();
        String nc = param(auth, "nc");
        long count = 1;
        if (qop != null && !qop.isEmpty()) {
            if (!"auth".equalsIgnoreCase(qop) || nc == null || auth.getCNonce() == null) {
                return new DelegatedDigest.Challenge(false);
            }
            try {
                count = Long.parseLong(nc, 16);
            } catch (NumberFormatException e) {
                return new DelegatedDigest.Challenge(false);
            }
        }
        if (!nonces.consume(auth.getNonce(), count)) {
            return new DelegatedDigest.Challenge(true);
        }
        return new DelegatedDigest.Ready(new DigestResponse(auth.getUsername(), auth.getRealm(), auth.getNonce(),
                uriParam(auth), request.getMethod(), auth.getResponse().toLowerCase(Locale.ROOT),
                auth.getAlgorithm(), qop == null || qop.isEmpty() ? null : qop, auth.getCNonce(), nc,
                auth.getOpaque(), null));
    }

    /** Credentials for a realm before their response is checked: usable, or a new challenge. */
    private sealed interface Precheck {
        /** Credentials with an accepted algorithm and a nonce of ours that is still fresh. */
        record Fresh(AuthorizationHeader auth, DigestAlgorithm algorithm) implements Precheck {
        }

        /** None, an algorithm we do not accept, or a forged or stale nonce (RFC 2617 §3.2.1 stale). */
        record Again(boolean stale) implements Precheck {
        }
    }

    private Precheck precheck(Request request, String realm, boolean proxy, List<DigestAlgorithm> accepted) {
        Optional<AuthorizationHeader> found = credentialsFor(request, realm, proxy);
        if (found.isEmpty()) {
            return new Precheck.Again(false);
        }
        AuthorizationHeader auth = found.get();
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(auth.getAlgorithm());
        if (algorithm.isEmpty() || !accepted.contains(algorithm.get())) {
            return new Precheck.Again(false);
        }
        return switch (nonces.check(auth.getNonce())) {
            case INVALID -> new Precheck.Again(false);
            case STALE -> new Precheck.Again(true);
            case VALID -> new Precheck.Fresh(auth, algorithm.get());
        };
    }

    /** The digest username of the credentials for {@code realm}, if any. */
    public static Optional<String> username(Request request, String realm, boolean proxy) {
        return credentialsFor(request, realm, proxy).map(AuthorizationHeader::getUsername);
    }

    private AuthResult verify(Request request, AuthorizationHeader auth, DigestAlgorithm algorithm, String realm,
                              UserAddress claimed, Optional<SipCredentials> found) {
        if (found.isEmpty() || !found.get().usable()) {
            return new AuthResult.Forbidden("no SIP credentials for " + claimed);
        }
        SipCredentials creds = found.get();
        String username = auth.getUsername();
        if (username == null
                || !(username.equals(creds.username()) || username.equals(claimed.local()))) {
            return new AuthResult.Forbidden("digest username does not match " + claimed);
        }
        String ha1 = ha1(creds, algorithm, username, realm);
        if (ha1 == null) {
            return new AuthResult.Forbidden("no " + algorithm.token() + " credentials for " + claimed);
        }
        String qop = auth.getQop();
        String nc = param(auth, "nc");
        String cnonce = auth.getCNonce();
        String uri = uriParam(auth);
        String expected;
        long count;
        if (qop == null || qop.isEmpty()) {
            expected = responseFor(algorithm, ha1, auth.getNonce(), null, null, null, request.getMethod(), uri);
            count = 1;
        } else if ("auth".equalsIgnoreCase(qop) && nc != null && cnonce != null) {
            expected = responseFor(algorithm, ha1, auth.getNonce(), nc, cnonce, "auth", request.getMethod(), uri);
            try {
                count = Long.parseLong(nc, 16);
            } catch (NumberFormatException e) {
                return new AuthResult.Forbidden("bad nonce count");
            }
        } else {
            return new AuthResult.Challenge(false);
        }
        String response = auth.getResponse();
        if (response == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return new AuthResult.Forbidden("wrong digest response for " + claimed);
        }
        if (!nonces.consume(auth.getNonce(), count)) {
            // the digest is right but this nonce count was used already: a replay
            return new AuthResult.Challenge(true);
        }
        policy.authenticated(claimed, agentIfChoice(request, claimed), algorithm);
        return new AuthResult.Authenticated(claimed, algorithm);
    }

    /** The User-Agent, read only where the domain offers a choice (not on the default path: one challenge). */
    private String agentIfChoice(Request request, UserAddress claimed) {
        return policy.accepted(claimed.domain()).size() > 1 ? KnownAgents.userAgent(request) : null;
    }

    /** See {@link DigestAlgorithm#requestDigest}. */
    static String responseFor(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce,
                              String qop, String method, String uri) {
        return algorithm.requestDigest(ha1, nonce, nc, cnonce, qop, method, uri);
    }

    private static String ha1(SipCredentials creds, DigestAlgorithm algorithm, String username, String realm) {
        String stored = algorithm == DigestAlgorithm.MD5 ? creds.ha1Md5() : creds.ha1Sha256();
        if (stored != null && username.equals(creds.username())) {
            return stored;
        }
        if (creds.password() != null) {
            return algorithm.hash(username + ":" + realm + ":" + creds.password());
        }
        return null;
    }

    private static Optional<AuthorizationHeader> credentialsFor(Request request, String realm, boolean proxy) {
        ListIterator<?> it = request.getHeaders(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        while (it.hasNext()) {
            AuthorizationHeader h = (AuthorizationHeader) it.next();
            if ("Digest".equalsIgnoreCase(h.getScheme()) && realm.equals(h.getRealm())) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The digest-uri exactly as the client sent it, which is what it hashed. */
    private static String uriParam(AuthorizationHeader auth) {
        String raw = param(auth, "uri");
        if (raw != null) {
            return raw;
        }
        return auth.getURI() == null ? "" : auth.getURI().toString();
    }

    private static String param(AuthorizationHeader auth, String name) {
        String v = auth.getParameter(name);
        if (v == null) {
            return null;
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** Removes the credentials we consumed before forwarding (RFC 3261 §22.3: they were for our realm). */
    public static void consumeProxyCredentials(Request request, String realm) {
        ListIterator<?> it = request.getHeaders(ProxyAuthorizationHeader.NAME);
        List<ProxyAuthorizationHeader> keep = new ArrayList<>();
        boolean removed = false;
        while (it.hasNext()) {
            ProxyAuthorizationHeader h = (ProxyAuthorizationHeader) it.next();
            if (realm.equals(h.getRealm())) {
                removed = true;
            } else {
                keep.add(h);
            }
        }
        if (removed) {
            request.removeHeader(ProxyAuthorizationHeader.NAME);
            keep.forEach(request::addHeader);
        }
    }
}

package org.parloir.sip.trunk;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.sip.auth.DigestAlgorithm;

/**
 * The client side of SIP digest (RFC 3261 §22.2, RFC 2617 §3.2.2, RFC 8760 for SHA-256): answers a gateway's or
 * an ITSP's 401/407. Pure: no I/O, no state; the caller sends the request again with the header and a new CSeq.
 *
 * <p>{@link #header} does it all for a JAIN-SIP response; {@link #value} is the computation alone, from the fields
 * of one challenge. Supported: MD5 and SHA-256 (absent {@code algorithm} = MD5), with {@code qop=auth} or without
 * qop (RFC 2069); not {@code -sess} variants nor {@code auth-int}.
 */
public final class DigestAnswer {

    /**
     * The fields of one WWW-Authenticate / Proxy-Authenticate header.
     *
     * @param realm     realm to compute HA1 in
     * @param nonce     server nonce
     * @param algorithm {@code MD5}, {@code SHA-256}, ...; null = MD5
     * @param qop       the offered qop list as sent ({@code auth}, {@code auth,auth-int}); null = none (RFC 2069)
     * @param opaque    echoed back when present
     * @param stale     the previous answer was right but its nonce had expired: answering again is worth it
     */
    public record Challenge(String realm, String nonce, String algorithm, String qop, String opaque, boolean stale) {

        /** Whether {@link DigestAnswer#value} can answer it. */
        public boolean supported() {
            return realm != null && nonce != null && DigestAlgorithm.fromToken(algorithm).isPresent()
                    && (qop == null || qop.isBlank() || offersAuth());
        }

        boolean offersAuth() {
            return qop != null && Arrays.stream(qop.split(","))
                    .anyMatch(q -> q.strip().equalsIgnoreCase("auth"));
        }
    }

    private DigestAnswer() {
    }

    /**
     * The value of the Authorization (or Proxy-Authorization) header answering {@code challenge}.
     *
     * @param method the method of the request being authorised ({@code REGISTER}, {@code INVITE})
     * @param uri    its Request-URI, as written in it (the {@code uri} parameter)
     * @param cnonce client nonce (with qop)
     * @param nc     how many times this nonce was used, this answer included (1 on a fresh challenge)
     * @throws IllegalArgumentException when the challenge is not {@linkplain Challenge#supported() supported}
     */
    public static String value(Challenge challenge, String method, String uri, String username, String password,
                               String cnonce, int nc) {
        if (!challenge.supported()) {
            throw new IllegalArgumentException("unsupported digest challenge: algorithm " + challenge.algorithm()
                    + ", qop " + challenge.qop());
        }
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(challenge.algorithm()).orElseThrow();
        String ha1 = algorithm.hash(username + ":" + challenge.realm() + ":" + password);
        boolean qop = challenge.offersAuth();
        String ncHex = String.format(Locale.ROOT, "%08x", nc);
        String response = algorithm.requestDigest(ha1, challenge.nonce(), ncHex, cnonce, qop ? "auth" : null, method,
                uri);
        StringBuilder sb = new StringBuilder("Digest username=").append(quote(username))
                .append(", realm=").append(quote(challenge.realm()))
                .append(", nonce=").append(quote(challenge.nonce()))
                .append(", uri=").append(quote(uri))
                .append(", response=").append(quote(response))
                .append(", algorithm=").append(algorithm.token());
        if (qop) {
            sb.append(", cnonce=").append(quote(cnonce)).append(", qop=auth, nc=").append(ncHex);
        }
        if (challenge.opaque() != null) {
            sb.append(", opaque=").append(quote(challenge.opaque()));
        }
        return sb.toString();
    }

    /** A fresh random client nonce (64 bits, hex). */
    public static String newCnonce() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** The challenges of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate), in the order the server sent them. */
    public static List<Challenge> challenges(Response response) {
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        List<Challenge> out = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            if ("Digest".equalsIgnoreCase(h.getScheme())) {
                out.add(new Challenge(h.getRealm(), h.getNonce(), h.getAlgorithm(), h.getQop(), h.getOpaque(),
                        h.isStale()));
            }
        }
        return out;
    }

    /**
     * The Authorization (for a 401) or Proxy-Authorization (407) header that answers the first challenge of
     * {@code response} we support (RFC 8760 §2.4: servers list their preferred algorithm first), for
     * {@code request} (method and Request-URI are taken from it; add the header to its next copy). Empty when no
     * challenge is one we can answer.
     */
    public static Optional<Header> header(Response response, Request request, String username, String password,
                                          HeaderFactory headers) {
        Optional<Challenge> chosen = challenges(response).stream().filter(Challenge::supported).findFirst();
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String name = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED
                ? "Proxy-Authorization" : "Authorization";
        String value = value(chosen.get(), request.getMethod(), request.getRequestURI().toString(), username,
                password, newCnonce(), 1);
        try {
            return Optional.of(headers.createHeader(name, value));
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build " + name + " for realm " + chosen.get().realm(), e);
        }
    }

    /** RFC 3261 §25.1 quoted-string. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

package org.parloir.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The client side of digest (RFC 2617 / RFC 8760), as a UA computes it, kept apart from the server code it tests.
 * Picks the challenge of the wanted algorithm among those offered.
 */
public final class DigestClient {

    private final HeaderFactory headers;

    public DigestClient(HeaderFactory headers) {
        this.headers = headers;
    }

    public record Answer(AuthorizationHeader header, String nonce) {
    }

    /** Adds an Authorization (401) or Proxy-Authorization (407) header answering {@code challenge}. */
    public Answer answer(Request request, Response challenge, String username, String password, String algorithm,
                         int nc, String digestUri) throws Exception {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        WWWAuthenticateHeader chosen = null;
        ListIterator<?> it = challenge.getHeaders(proxy ? "Proxy-Authenticate" : WWWAuthenticateHeader.NAME);
        while (it.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            String a = h.getAlgorithm() == null ? "MD5" : h.getAlgorithm();
            if (a.equalsIgnoreCase(algorithm)) {
                chosen = h;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no " + algorithm + " challenge in " + challenge);
        }
        String realm = chosen.getRealm();
        String nonce = chosen.getNonce();
        String uri = digestUri != null ? digestUri : request.getRequestURI().toString();
        String cnonce = Long.toHexString(System.nanoTime());
        String ncHex = String.format(Locale.ROOT, "%08x", nc);
        String ha1 = hash(algorithm, username + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, request.getMethod() + ":" + uri);
        String response = hash(algorithm, ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
        AuthorizationHeader auth = proxy ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        auth.setUsername(username);
        auth.setRealm(realm);
        auth.setNonce(nonce);
        auth.setParameter("uri", uri);
        auth.setAlgorithm(algorithm);
        auth.setQop("auth");
        auth.setParameter("nc", ncHex);
        auth.setCNonce(cnonce);
        auth.setResponse(response);
        request.removeHeader(proxy ? "Proxy-Authorization" : AuthorizationHeader.NAME);
        request.addHeader(auth);
        return new Answer(auth, nonce);
    }

    public static String hash(String algorithm, String data) throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT));
        return HexFormat.of().formatHex(md.digest(data.getBytes(StandardCharsets.UTF_8)));
    }
}

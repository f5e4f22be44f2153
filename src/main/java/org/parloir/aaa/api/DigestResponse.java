package org.parloir.aaa.api;

/**
 * The fields of a SIP digest Authorization/Proxy-Authorization header, as RFC 5090 §3 carries them in RADIUS
 * (Digest-Response, Digest-Realm, Digest-Nonce, ...). Optional fields are null when the header had none.
 *
 * @param method the SIP method (Digest-Method)
 * @param body   entity body, for qop=auth-int (Digest-Entity-Body-Hash is computed from it); null otherwise
 */
public record DigestResponse(String username, String realm, String nonce, String uri, String method,
                             String response, String algorithm, String qop, String cnonce, String nonceCount,
                             String opaque, byte[] body) {
}

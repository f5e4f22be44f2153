package org.parloir.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Digest algorithms we offer: MD5 (RFC 2617) and SHA-256 (RFC 8760 / RFC 7616). No {@code -sess} variants. */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String token;
    private final MessageDigest prototype;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        try {
            this.prototype = MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The value of the {@code algorithm} parameter. */
    public String token() {
        return token;
    }

    /** Lower-case hex of H(data). */
    public String hash(String data) {
        MessageDigest md;
        try {
            md = (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        return HexFormat.of().formatHex(md.digest(data.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The request-digest of RFC 2617 §3.2.2.1 / RFC 7616 §3.4.1, checked by the server and computed by a client;
     * {@code qop} null means the RFC 2069 form.
     */
    public String requestDigest(String ha1, String nonce, String nc, String cnonce, String qop, String method,
                                String uri) {
        String ha2 = hash(method + ":" + uri);
        if (qop == null) {
            return hash(ha1 + ":" + nonce + ":" + ha2);
        }
        return hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** An absent {@code algorithm} parameter means MD5 (RFC 2617 §3.2.1). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        String t = token.toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

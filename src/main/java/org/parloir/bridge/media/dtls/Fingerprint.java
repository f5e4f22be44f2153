package org.parloir.bridge.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A certificate fingerprint as SDP {@code a=fingerprint} (RFC 8122 §5) and Jingle DTLS (XEP-0320) carry it: a
 * hash function name and the hash as upper-case hex pairs joined by colons. SHA-1 and the SHA-2 family are
 * accepted (MD2/MD5 are not, §5); the bridge itself announces sha-256.
 *
 * @param algorithm the hash function's textual name, lower case ({@code sha-256})
 * @param hex       upper-case {@code AB:CD:...}, as many pairs as the hash has bytes
 */
public record Fingerprint(String algorithm, String hex) {

    private static final Map<String, String> DIGESTS = Map.of("sha-1", "SHA-1", "sha-224", "SHA-224",
            "sha-256", "SHA-256", "sha-384", "SHA-384", "sha-512", "SHA-512");
    private static final Map<String, Integer> LENGTHS = Map.of("sha-1", 20, "sha-224", 28, "sha-256", 32,
            "sha-384", 48, "sha-512", 64);
    private static final Pattern HEX_PAIRS = Pattern.compile("[0-9A-F]{2}(:[0-9A-F]{2})*");

    public Fingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT); // §5: hash-func names are case-insensitive
        hex = hex.toUpperCase(Locale.ROOT);
        Integer bytes = LENGTHS.get(algorithm);
        if (bytes == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function: " + algorithm);
        }
        if (!HEX_PAIRS.matcher(hex).matches() || (hex.length() + 1) / 3 != bytes) {
            throw new IllegalArgumentException("a " + algorithm + " fingerprint is " + bytes
                    + " colon-separated hex pairs");
        }
    }

    /** The SDP attribute value {@code sha-256 AB:CD:...} (RFC 8122 §5), hash function and hash split at a space. */
    public static Fingerprint parse(String attributeValue) {
        String[] parts = attributeValue.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a fingerprint is '<hash-func> <hex pairs>'");
        }
        return new Fingerprint(parts[0], parts[1]);
    }

    /** The fingerprint of a DER-encoded certificate under {@code algorithm}. */
    public static Fingerprint of(String algorithm, byte[] certificateDer) {
        return new Fingerprint(algorithm, HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(digest(algorithm.toLowerCase(Locale.ROOT), certificateDer)));
    }

    /** {@code sha-256 AB:CD:...}, the SDP form. */
    public String format() {
        return algorithm + " " + hex;
    }

    /** Whether {@code certificateDer} hashes to this fingerprint (RFC 8122 §5, RFC 5763 §6.6). */
    public boolean matches(byte[] certificateDer) {
        byte[] expected = HexFormat.ofDelimiter(":").parseHex(hex);
        return MessageDigest.isEqual(expected, digest(algorithm, certificateDer));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        String jca = DIGESTS.get(algorithm);
        if (jca == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function: " + algorithm);
        }
        try {
            return MessageDigest.getInstance(jca).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return format();
    }
}

package org.parloir.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest HA1 values stored for SIP (RFC 3261 §22.4, RFC 2617 §3.2.2.2, RFC 8760 §2): lower-case hex of
 * {@code H(username ":" realm ":" password)} with MD5 and with SHA-256. The password is hashed as given, since that
 * is what the phone hashes.
 */
record DigestHa1(String md5, String sha256) {

    static DigestHa1 of(String username, String realm, String password) {
        String a1 = username + ":" + realm + ":" + password;
        return new DigestHa1(hex("MD5", a1), hex("SHA-256", a1));
    }

    private static String hex(String algorithm, String data) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JVM", e);
        }
    }
}

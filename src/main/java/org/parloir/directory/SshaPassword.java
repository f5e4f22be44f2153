package org.parloir.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A salted {@code userPassword} value, {@code {SSHA}base64(SHA-1(password + salt) + salt)}, the form the embedded
 * directory verifies on bind (see {@link EmbeddedLdapServer}) and that OpenLDAP writes by default.
 */
final class SshaPassword {

    private static final int SALT_BYTES = 8;

    private SshaPassword() {
    }

    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] value = new byte[digest.length + salt.length];
            System.arraycopy(digest, 0, value, 0, digest.length);
            System.arraycopy(salt, 0, value, digest.length, salt.length);
            return "{SSHA}" + Base64.getEncoder().encodeToString(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}

package org.parloir.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A salted {@code userPassword} value, {@code {SSHA}base64(SHA-1(password + salt) + salt)}, the form the embedded
 * directory verifies on bind (see {@link SshaPasswordEncoder}) and that OpenLDAP writes by default. Each call takes
 * its own {@link MessageDigest}: an instance shared between threads gives wrong digests.
 */
final class SshaPassword {

    static final String PREFIX = "{SSHA}";
    static final int DIGEST_BYTES = 20;
    private static final int SALT_BYTES = 8;

    private SshaPassword() {
    }

    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return PREFIX + Base64.getEncoder().encodeToString(encode(password.getBytes(StandardCharsets.UTF_8), salt));
    }

    /** {@code SHA-1(clear + salt) + salt}, the value after the prefix and before base64. */
    static byte[] encode(byte[] clear, byte[] salt) {
        MessageDigest sha1 = sha1();
        sha1.update(clear);
        sha1.update(salt);
        byte[] digest = sha1.digest();
        byte[] value = Arrays.copyOf(digest, digest.length + salt.length);
        System.arraycopy(salt, 0, value, digest.length, salt.length);
        return value;
    }

    /** Whether {@code clear} is the password of {@code value} ({@code digest + salt}, decoded); constant time. */
    static boolean matches(byte[] clear, byte[] value) {
        if (value.length <= DIGEST_BYTES) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(value, DIGEST_BYTES, value.length);
        return MessageDigest.isEqual(encode(clear, salt), value);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}

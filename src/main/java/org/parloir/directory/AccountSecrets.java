package org.parloir.directory;

import java.security.SecureRandom;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;

/**
 * Everything stored about a local account's password: SCRAM keys for both hash functions, each with its own
 * random salt, and the digest HA1 values for the domain's realm. Either SCRAM key may be null (an account
 * imported with one only).
 */
record AccountSecrets(ScramCredentials sha1, ScramCredentials sha256, DigestHa1 ha1) {

    /** RFC 5802 §5.1 leaves the salt length open; 16 random bytes, like RFC 7677's example. */
    static final int SALT_BYTES = 16;

    /** Derives fresh secrets; runs PBKDF2 twice, so it belongs on a store thread. */
    static AccountSecrets derive(String username, String realm, String password, int iterations,
                                 SecureRandom random) {
        return new AccountSecrets(
                ScramKeys.derive(ScramAlgorithm.SHA_1, password, salt(random), iterations),
                ScramKeys.derive(ScramAlgorithm.SHA_256, password, salt(random), iterations),
                DigestHa1.of(username, realm, password));
    }

    /** The strongest SCRAM key held, for checking a cleartext password. */
    ScramCredentials strongest() {
        return sha256 != null ? sha256 : sha1;
    }

    ScramCredentials forAlgorithm(ScramAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA_1 -> sha1;
            case SHA_256 -> sha256;
        };
    }

    private static byte[] salt(SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }
}

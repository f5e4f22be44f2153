package org.parloir.directory;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.security.MessageDigest;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;

/**
 * SCRAM key derivation (RFC 5802 §3, RFC 7677): {@code SaltedPassword := Hi(Normalize(password), salt, i)} (PBKDF2),
 * {@code StoredKey := H(HMAC(SaltedPassword, "Client Key"))}, {@code ServerKey := HMAC(SaltedPassword,
 * "Server Key")}. Normalize is SASLprep (RFC 5802 §2.2, RFC 4013); a password it refuses (control characters,
 * prohibited code points, empty) has no keys.
 */
final class ScramKeys {

    private ScramKeys() {
    }

    /** The keys of {@code password}; {@link IllegalArgumentException} when SASLprep refuses it. */
    static ScramCredentials derive(ScramAlgorithm algorithm, String password, byte[] salt, int iterations) {
        ScramMechanism mechanism = mechanism(algorithm);
        byte[] salted = ScramFunctions.saltedPassword(mechanism, StringPreparation.SASL_PREPARATION,
                password.toCharArray(), salt, iterations);
        byte[] storedKey = ScramFunctions.storedKey(mechanism, ScramFunctions.clientKey(mechanism, salted));
        return new ScramCredentials(algorithm, salt.clone(), iterations, storedKey,
                ScramFunctions.serverKey(mechanism, salted));
    }

    /** Whether {@code password} derives the stored StoredKey (compared in constant time). */
    static boolean matches(ScramCredentials stored, String password) {
        ScramCredentials derived;
        try {
            derived = derive(stored.algorithm(), password, stored.salt(), stored.iterations());
        } catch (IllegalArgumentException refusedBySaslPrep) {
            return false;
        }
        return MessageDigest.isEqual(derived.storedKey(), stored.storedKey());
    }

    /** Whether SASLprep accepts {@code password} (RFC 4013 §2.3 prohibited output, no empty string). */
    static boolean acceptable(String password) {
        try {
            StringPreparation.SASL_PREPARATION.normalize(password.toCharArray());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ScramMechanism mechanism(ScramAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA_1 -> ScramMechanism.SCRAM_SHA_1;
            case SHA_256 -> ScramMechanism.SCRAM_SHA_256;
        };
    }
}

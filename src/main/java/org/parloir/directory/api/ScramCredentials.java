package org.parloir.directory.api;

import java.util.Arrays;

/**
 * Stored SCRAM keys of one user for one hash function (RFC 5802 §3, RFC 7677): never the password itself.
 *
 * @param algorithm  the hash function
 * @param salt       the salt given to the client
 * @param iterations PBKDF2 iteration count
 * @param storedKey  H(ClientKey)
 * @param serverKey  HMAC(SaltedPassword, "Server Key")
 */
public record ScramCredentials(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey,
                               byte[] serverKey) {

    public enum ScramAlgorithm {
        SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1", 20),
        SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256", 32);

        private final String mechanism;
        private final String hmac;
        private final String digest;
        private final int keyLength;

        ScramAlgorithm(String mechanism, String hmac, String digest, int keyLength) {
            this.mechanism = mechanism;
            this.hmac = hmac;
            this.digest = digest;
            this.keyLength = keyLength;
        }

        /** SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
        public String mechanism() {
            return mechanism;
        }

        /** JCA Mac name. */
        public String hmac() {
            return hmac;
        }

        /** JCA MessageDigest name. */
        public String digest() {
            return digest;
        }

        /** Output length of the hash in bytes. */
        public int keyLength() {
            return keyLength;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && algorithm == c.algorithm && iterations == c.iterations
                && Arrays.equals(salt, c.salt) && Arrays.equals(storedKey, c.storedKey)
                && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramCredentials[" + algorithm + ", iterations=" + iterations + "]";
    }
}

package org.parloir.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A private key and its certificate chain, leaf first. */
record KeyEntry(PrivateKey key, X509Certificate[] chain) {

    X509Certificate leaf() {
        return chain[0];
    }

    /** The JSSE key type this key serves ({@code EC}, {@code RSA}, {@code EdDSA}...). */
    String keyType() {
        String algorithm = key.getAlgorithm();
        return "ECDSA".equals(algorithm) ? "EC" : algorithm;
    }

    Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    String describe() {
        return leaf().getSubjectX500Principal().getName() + " (" + keyType() + ", valid until " + notAfter() + ")";
    }
}

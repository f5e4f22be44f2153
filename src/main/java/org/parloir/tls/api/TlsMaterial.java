package org.parloir.tls.api;

import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * What a protocol needs to speak TLS as this server: one key manager for every listener (it picks a served domain's
 * certificate by SNI and follows certificate renewals on disk, so contexts built on it never need rebuilding), the
 * trust of outgoing connections, and the allowed versions and suites.
 */
public interface TlsMaterial {

    X509ExtendedKeyManager keyManager();

    X509TrustManager trustManager();

    List<String> protocols();

    List<String> cipherSuites();

    /** The generated self-signed key store (PKCS#12, password {@link #GENERATED_PASSWORD}), when one is in use. */
    java.util.Optional<java.nio.file.Path> selfSigned();

    String GENERATED_PASSWORD = "parloir";
}

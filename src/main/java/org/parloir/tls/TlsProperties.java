package org.parloir.tls;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The server's TLS credentials for every protocol ({@code parloir.tls}): SIP over TLS and XMPP (STARTTLS and direct
 * TLS) present the same certificate, or a domain's own one chosen by the name the client asks for (SNI). With
 * nothing configured, a self-signed certificate for every served domain is generated into
 * {@code generated-key-store} at first start, so TLS is on from the first run.
 *
 * @param certificate        PEM certificate chain (leaf first); with {@code private-key}
 * @param privateKey         PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 with the password)
 * @param privateKeyPassword its password; empty for an unencrypted key
 * @param keyStore           or a PKCS#12 (or JKS) key store with one key entry
 * @param keyStorePassword   its password (also the key's)
 * @param keyStoreType       {@code PKCS12} or {@code JKS}
 * @param domains            per-domain credentials, by served domain (its subdomains too): the same five keys
 * @param generatedKeyStore  where the self-signed certificate is kept when no certificate is configured
 * @param trustStore         certificates trusted when Parloir connects out over TLS (gateways), besides the JDK's
 * @param trustStorePassword its password
 * @param cipherSuites       JSSE names offered, in order
 * @param protocols          TLS versions (RFC 9325: 1.2 and 1.3)
 * @param reloadInterval     how often configured files are checked for a renewed certificate; 0 = never
 */
@Validated
@ConfigurationProperties("parloir.tls")
public record TlsProperties(
        String certificate, String privateKey, String privateKeyPassword,
        String keyStore, String keyStorePassword, @NotBlank @DefaultValue("PKCS12") String keyStoreType,
        @NotNull @DefaultValue Map<String, @Valid Credentials> domains,
        @NotBlank @DefaultValue("data/tls-self-signed.p12") String generatedKeyStore,
        String trustStore, String trustStorePassword,
        @NotEmpty @DefaultValue({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"})
        List<@NotBlank String> cipherSuites,
        @NotEmpty @DefaultValue({"TLSv1.3", "TLSv1.2"}) List<@NotBlank String> protocols,
        @NotNull @DefaultValue("10s") Duration reloadInterval) {

    /** One certificate and key: PEM files or a key store. */
    public record Credentials(String certificate, String privateKey, String privateKeyPassword, String keyStore,
                              String keyStorePassword, @DefaultValue("PKCS12") String keyStoreType) {

        public boolean configured() {
            return has(certificate) || has(privateKey) || has(keyStore);
        }

        static boolean has(String value) {
            return value != null && !value.isBlank();
        }
    }

    /** The top-level credentials (the default certificate). */
    public Credentials defaults() {
        return new Credentials(certificate, privateKey, privateKeyPassword, keyStore, keyStorePassword, keyStoreType);
    }
}

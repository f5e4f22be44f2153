package org.parloir.sip;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** SIP listener, registrar, authentication and proxy settings ({@code parloir.sip}). */
@Validated
@ConfigurationProperties("parloir.sip")
public record SipProperties(
        @NotBlank @DefaultValue("0.0.0.0") String bindAddress,
        String advertisedAddress,
        @Min(1) @Max(65535) @DefaultValue("5060") int port,
        @Min(1) @Max(65535) @DefaultValue("5061") int tlsPort,
        @NotEmpty @DefaultValue({"udp", "tcp"}) List<@NotBlank String> transports,
        @Valid @NotNull @DefaultValue Tls tls,
        @DefaultValue("true") boolean recordRoute,
        @Min(1024) @DefaultValue("65535") int maxMessageSize,
        @Min(65536) @DefaultValue("4194304") int udpReceiveBuffer,
        @Min(1) @Max(512) @DefaultValue("16") int threadPoolSize,
        @Min(100) @DefaultValue("100000") int maxServerTransactions,
        @NotNull @DefaultValue("1s") Duration queueTimeout,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Registrar registrar,
        @Valid @NotNull @DefaultValue Proxy proxy) {

    /** TLS listening point (port {@code tls-port}); on when a keystore is given. */
    public record Tls(String keyStore, String keyStorePassword, @DefaultValue("PKCS12") String keyStoreType,
                      String trustStore, String trustStorePassword,
                      @NotEmpty @DefaultValue({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                              "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                              "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                              "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}) List<String> cipherSuites) {
        public boolean enabled() {
            return keyStore != null && !keyStore.isBlank();
        }
    }

    /**
     * Digest authentication (RFC 3261 §22, RFC 8760).
     *
     * @param algorithms offered in this order, one challenge header each
     * @param nonceTtl   age after which a nonce is stale
     * @param nonceSlots size of the replay table (one slot per outstanding nonce)
     */
    public record Auth(@NotEmpty @DefaultValue({"MD5", "SHA-256"}) List<@NotBlank String> algorithms,
                       @NotNull @DefaultValue("300s") Duration nonceTtl,
                       @Min(1024) @DefaultValue("1048576") int nonceSlots) {
    }

    /** Registrar (RFC 3261 §10.3). */
    public record Registrar(@Min(1) @DefaultValue("60") int minExpires,
                            @Min(1) @DefaultValue("7200") int maxExpires,
                            @Min(1) @DefaultValue("3600") int defaultExpires,
                            @Min(1) @DefaultValue("10") int maxContacts,
                            @NotNull @DefaultValue("1s") Duration sweepInterval,
                            @NotNull @DefaultValue("100ms") Duration flushInterval) {
    }

    /** Stateful proxy (RFC 3261 §16). */
    public record Proxy(@NotNull @DefaultValue("180s") Duration timerC,
                        @Min(1) @Max(255) @DefaultValue("70") int maxForwards) {
    }
}

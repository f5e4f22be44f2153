package org.parloir.bridge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Jingle ↔ SIP bridge ({@code parloir.bridge}).
 *
 * @param enabled   the telephone gateway service runs on {@code <subdomain>.<domain>} for every served domain
 * @param subdomain the first label of its domains: numbers are {@code +33139635511@phone.example.org}
 * @param name      the name disco#info gives the service
 * @param maxCallsPerUser bridged calls one account may have at once (issue 11 policy), over all its devices
 * @param media     the media relay of bridged calls ({@code parloir.bridge.media})
 */
@Validated
@ConfigurationProperties("parloir.bridge")
public record BridgeProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", message = "must be one DNS label")
        @DefaultValue("phone") String subdomain,
        @NotBlank @DefaultValue("Telephone gateway") String name,
        @Min(1) @DefaultValue("2") int maxCallsPerUser,
        @Valid @NotNull @DefaultValue Media media) {

    /**
     * The media relay ({@code parloir.bridge.media}): DTLS-SRTP with ICE-lite toward Jingle clients, plain RTP toward
     * SIP, two even UDP ports per call from the range.
     *
     * @param address              the address media sockets bind to; 0.0.0.0 = all
     * @param publicAddress        the address candidates and SDP advertise (NAT, Kubernetes node); empty = the
     *                             bind address, or with 0.0.0.0 the host's first non-loopback IPv4 address
     * @param portMin              first UDP port of the range
     * @param portMax              last UDP port of the range (open calls ≤ half the range)
     * @param consentTimeout       no valid STUN check from the client for this long ends the call (RFC 7675: 30 s)
     * @param inactivityTimeout    no RTP on a leg for this long reports it inactive (the call is then hung up)
     * @param dtlsHandshakeTimeout a DTLS handshake not done in this long fails the call
     * @param maxSsrcs             RTP sources accepted per direction of a call
     */
    public record Media(
            @NotBlank @DefaultValue("0.0.0.0") String address,
            @NotNull @DefaultValue("") String publicAddress,
            @Min(1024) @Max(65535) @DefaultValue("24000") int portMin,
            @Min(1024) @Max(65535) @DefaultValue("25999") int portMax,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("30s") Duration consentTimeout,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("60s") Duration inactivityTimeout,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("20s") Duration dtlsHandshakeTimeout,
            @Min(1) @Max(64) @DefaultValue("4") int maxSsrcs) {

        /** At least two even ports: one call. */
        @AssertTrue(message = "port-max must be at least port-min + 3 (one call needs two even ports)")
        public boolean isPortRangeUsable() {
            return portMax >= portMin + 3;
        }
    }
}

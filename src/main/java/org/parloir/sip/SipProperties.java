package org.parloir.sip;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.parloir.sip.routing.RoutingPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SIP listener, registrar, authentication and proxy settings ({@code parloir.sip}).
 *
 * @param connectionSetupTimeout   an accepted TCP/TLS connection that has not delivered one complete SIP message
 *                                 this long after the accept (TLS handshake included) is closed, however many
 *                                 bytes trickled in
 * @param maxIncompleteConnections accepted connections of one listener without a complete message yet; one more
 *                                 closes the oldest of them
 */
@Validated
@ConfigurationProperties("parloir.sip")
public record SipProperties(
        @NotBlank @DefaultValue("0.0.0.0") String bindAddress,
        String advertisedAddress,
        @Min(1) @Max(65535) @DefaultValue("5060") int port,
        @Min(1) @Max(65535) @DefaultValue("5061") int tlsPort,
        @NotEmpty @DefaultValue({"udp", "tcp", "tls"}) List<@NotBlank String> transports,
        @DefaultValue("true") boolean recordRoute,
        @Min(1024) @DefaultValue("65535") int maxMessageSize,
        @Min(65536) @DefaultValue("4194304") int udpReceiveBuffer,
        @Min(1) @Max(512) @DefaultValue("16") int threadPoolSize,
        @Min(100) @DefaultValue("100000") int maxServerTransactions,
        @NotNull @DefaultValue("1s") Duration queueTimeout,
        @NotNull @DurationMin(millis = 100) @DefaultValue("30s") Duration connectionSetupTimeout,
        @Min(1) @DefaultValue("1000") int maxIncompleteConnections,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Registrar registrar,
        @Valid @NotNull @DefaultValue Proxy proxy,
        @Valid @NotNull @DefaultValue Routing routing,
        @Valid @NotNull @DefaultValue B2bua b2bua) {

    /**
     * Digest authentication (RFC 3261 §22, RFC 8760); see docs/credentials.md for the choice of challenges.
     *
     * @param algorithms   offered in this order, the most preferred first, one challenge header each (RFC 8760
     *                     §2.3): the default, MD5 alone, is the one challenge every deployed phone understands;
     *                     several entries are an explicit choice, as some UAs fail on more than one challenge
     * @param domains      per-domain lists instead of {@code algorithms}, under {@code domains.<name>}
     * @param knownAgents  how many (user, User-Agent) pairs are remembered with the algorithm they chose among
     *                     several, to be challenged with it alone next time; 0 = remember none
     * @param knownAgentTtl a remembered pair not seen for this long is forgotten
     * @param nonceTtl     age after which a nonce is stale
     * @param nonceSlots   size of the replay table (one slot per outstanding nonce)
     */
    public record Auth(@NotEmpty @DefaultValue("MD5") List<@NotBlank String> algorithms,
                       @NotNull @DefaultValue Map<String, @Valid DomainAuth> domains,
                       @Min(0) @DefaultValue("100000") int knownAgents,
                       @NotNull @DurationMin(seconds = 1) @DefaultValue("30d") Duration knownAgentTtl,
                       @NotNull @DefaultValue("300s") Duration nonceTtl,
                       @Min(1024) @DefaultValue("1048576") int nonceSlots) {
    }

    /** A domain's own digest algorithms, as {@link Auth#algorithms()}. */
    public record DomainAuth(@NotEmpty List<@NotBlank String> algorithms) {
    }

    /**
     * Registrar (RFC 3261 §10.3).
     *
     * @param durableTimeout longest wait for a REGISTER's binding change to commit before the 200; past it the
     *                       phone gets 500 with Retry-After (the change stays in memory and is written later).
     *                       At most 30 s: the phone's transaction gives up at 32 s (RFC 3261 Timer F)
     */
    public record Registrar(@Min(1) @DefaultValue("60") int minExpires,
                            @Min(1) @DefaultValue("7200") int maxExpires,
                            @Min(1) @DefaultValue("3600") int defaultExpires,
                            @Min(1) @DefaultValue("10") int maxContacts,
                            @NotNull @DefaultValue("1s") Duration sweepInterval,
                            @NotNull @DurationMin(millis = 10) @DurationMax(seconds = 30) @DefaultValue("2s")
                            Duration durableTimeout) {
    }

    /** Stateful proxy (RFC 3261 §16). */
    public record Proxy(@NotNull @DefaultValue("180s") Duration timerC,
                        @Min(1) @Max(255) @DefaultValue("70") int maxForwards) {
    }

    /**
     * Where calls to people and numbers go ({@code parloir.sip.routing}): the site-wide policy, and per-domain
     * overrides under {@code domains.<name>} (a field left out there takes the site-wide value).
     *
     * @param region          ISO 3166 region of national numbers (FR, DE, US ...); ZZ = international forms only
     * @param mode            devices, phone or devices-then-phone
     * @param noAnswerTimeout devices-then-phone: ring time on devices before the phone is tried
     * @param hideNumbers     never show the caller the number a directory address was routed to
     */
    public record Routing(@NotBlank @DefaultValue("ZZ") String region,
                          @NotNull @DefaultValue("devices-then-phone") RoutingPolicy.Mode mode,
                          @NotNull @DefaultValue("20s") Duration noAnswerTimeout,
                          @DefaultValue("false") boolean hideNumbers,
                          @NotNull @DefaultValue Map<String, DomainRouting> domains) {

        /** The policy of {@code domain}: its overrides over the site-wide values. */
        public RoutingPolicy policyFor(String domain) {
            DomainRouting own = domain == null ? null : domains.get(domain.toLowerCase(java.util.Locale.ROOT));
            if (own == null) {
                return new RoutingPolicy(region, mode, noAnswerTimeout, hideNumbers);
            }
            return new RoutingPolicy(own.region() != null ? own.region() : region,
                    own.mode() != null ? own.mode() : mode,
                    own.noAnswerTimeout() != null ? own.noAnswerTimeout() : noAnswerTimeout,
                    own.hideNumbers() != null ? own.hideNumbers() : hideNumbers);
        }
    }

    /** Per-domain routing overrides; null fields take the site-wide value. */
    public record DomainRouting(String region, RoutingPolicy.Mode mode, Duration noAnswerTimeout,
                                Boolean hideNumbers) {
    }

    /**
     * Calls this server terminates on both sides (PSTN and hidden-number calls, {@code parloir.sip.b2bua}).
     *
     * @param maxCallDuration longest call unless the AAA server's Session-Timeout says shorter
     * @param ringTimeout     a gateway leg that rings this long unanswered is cancelled (480 to the caller)
     * @param sessionExpires  RFC 4028 session interval we ask for; 0 = no session timers
     * @param minSe           smallest session interval we accept from a peer (Min-SE, at least 90 s)
     */
    public record B2bua(@NotNull @DefaultValue("4h") Duration maxCallDuration,
                        @NotNull @DefaultValue("120s") Duration ringTimeout,
                        @NotNull @DefaultValue("1800s") Duration sessionExpires,
                        @NotNull @DefaultValue("90s") Duration minSe) {
    }
}

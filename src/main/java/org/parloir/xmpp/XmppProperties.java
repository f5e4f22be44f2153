package org.parloir.xmpp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * XMPP client-to-server settings ({@code parloir.xmpp}).
 *
 * @param enabled            start the XMPP listeners at all
 * @param bindAddress        address the listeners bind to
 * @param c2sPort            client port with STARTTLS (RFC 6120), 0 to switch it off
 * @param c2sTlsPort         direct-TLS client port (XEP-0368), 0 to switch it off
 * @param ioThreads          Netty event-loop threads, 0 for two per core
 * @param workerThreads      threads for roster, presence and storage work off the event loops
 * @param workerQueue        tasks waiting for a worker before new work is refused with resource-constraint
 * @param negotiationTimeout time from the TCP accept to an authenticated, bound stream; then the connection is
 *                           closed with connection-timeout (RFC 6120 §4.9.3.4), however many bytes trickled in
 *                           meanwhile (ejabberd's {@code negotiation_timeout})
 * @param pingInterval       a client silent this long is pinged (XEP-0199)
 * @param pingTimeout        and disconnected when the ping is not answered in this time
 * @param muc                XEP-0045 chat rooms
 * @param admins             bare JIDs of the service's XMPP administrators (like Prosody's {@code admins}): they
 *                           may run the XEP-0133 commands (announcements) from their clients
 */
@Validated
@ConfigurationProperties("parloir.xmpp")
public record XmppProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("0.0.0.0") String bindAddress,
        @Min(0) @Max(65535) @DefaultValue("5222") int c2sPort,
        @Min(0) @Max(65535) @DefaultValue("5223") int c2sTlsPort,
        @Min(0) @Max(256) @DefaultValue("0") int ioThreads,
        @Min(1) @Max(1024) @DefaultValue("16") int workerThreads,
        @Min(1) @DefaultValue("10000") int workerQueue,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("30s") Duration negotiationTimeout,
        @NotNull @DefaultValue("5m") Duration pingInterval,
        @NotNull @DefaultValue("60s") Duration pingTimeout,
        @Valid @NotNull @DefaultValue Tls tls,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Sasl sasl,
        @Valid @NotNull @DefaultValue Registration registration,
        @Valid @NotNull @DefaultValue Offline offline,
        @Valid @NotNull @DefaultValue StreamManagement streamManagement,
        @Valid @NotNull @DefaultValue Muc muc,
        @NotNull @DefaultValue("") java.util.List<@NotBlank String> admins,
        @NotNull @DefaultValue("") java.util.List<@Valid ExternalService> externalServices) {

    /** Offline messages arrive in one burst at login: the unacknowledged queue must be able to hold them. */
    @jakarta.validation.constraints.AssertTrue(message = "parloir.xmpp.stream-management.max-unacked must be larger"
            + " than parloir.xmpp.offline.max-per-user")
    public boolean isUnackedQueueAboveOfflineLimit() {
        return streamManagement == null || offline == null || !streamManagement.enabled()
                || streamManagement.maxUnacked() > offline.maxPerUser();
    }

    /**
     * A STUN or TURN server that Jingle clients are told about (XEP-0215 §3.1), for calls between clients and for
     * clients whose network blocks direct UDP to the bridge's relay.
     *
     * @param type      {@code stun}, {@code turn} or {@code turns}
     * @param host      its host name or address
     * @param port      its port (3478, 5349 for turns)
     * @param transport {@code udp} or {@code tcp}
     * @param username  TURN credentials given to logged-in users (XEP-0215 §3.1, {@code restricted}), or empty
     * @param password  the TURN password, or empty
     */
    public record ExternalService(@NotBlank @jakarta.validation.constraints.Pattern(regexp = "stun|turns?") String type,
                                  @NotBlank String host, @Min(1) @Max(65535) @DefaultValue("3478") int port,
                                  @NotBlank @jakarta.validation.constraints.Pattern(regexp = "udp|tcp")
                                  @DefaultValue("udp") String transport,
                                  @NotNull @DefaultValue("") String username,
                                  @NotNull @DefaultValue("") String password) {
    }

    /**
     * TLS policy of client streams (the certificate is the server's, {@code parloir.tls}). {@code required}:
     * clients must STARTTLS before authenticating.
     */
    public record Tls(@DefaultValue("true") boolean required) {
    }

    /**
     * Hard limits per connection and per client address.
     *
     * @param maxStanzaSize     largest stanza; a larger one ends the stream with policy-violation
     * @param maxDepth          deepest element nesting inside a stanza
     * @param connectionsPerIp  unauthenticated connections from one address (authenticated ones are not counted:
     *                          thousands of users may share a NAT); a new one over it closes the oldest of them
     * @param unauthenticatedConnections unauthenticated connections from all addresses; likewise the oldest closes
     * @param bytesPerSecond    sustained read rate of one connection (reads pause beyond it)
     * @param burst             bytes a connection may send at once above the rate
     */
    public record Limits(@NotNull @DefaultValue("256KB") DataSize maxStanzaSize,
                         @Min(2) @Max(1000) @DefaultValue("32") int maxDepth,
                         @Min(1) @DefaultValue("100") int connectionsPerIp,
                         @Min(1) @DefaultValue("10000") int unauthenticatedConnections,
                         @NotNull @DefaultValue("64KB") DataSize bytesPerSecond,
                         @NotNull @DefaultValue("512KB") DataSize burst) {

        @jakarta.validation.constraints.AssertTrue(message = "parloir.xmpp.limits.connections-per-ip must not be"
                + " larger than parloir.xmpp.limits.unauthenticated-connections")
        public boolean isPerAddressWithinTotal() {
            return connectionsPerIp <= unauthenticatedConnections;
        }
    }

    /**
     * SASL (RFC 6120 §6).
     *
     * @param plainWithoutTls     offer PLAIN on a stream that is not encrypted (off: passwords never cross in clear)
     * @param retries             failed attempts on one stream before it is closed (RFC 6120 §6.4.5)
     * @param failureDelay        added before answering a failure, times the recent failures of that account/address
     * @param maxFailureDelay     cap of that delay
     * @param failureWindow       how long failures are remembered per account and per address
     */
    public record Sasl(@DefaultValue("false") boolean plainWithoutTls,
                       @Min(1) @Max(10) @DefaultValue("3") int retries,
                       @NotNull @DefaultValue("500ms") Duration failureDelay,
                       @NotNull @DefaultValue("5s") Duration maxFailureDelay,
                       @NotNull @DefaultValue("10m") Duration failureWindow) {
    }

    /**
     * XEP-0077 in-band registration: account creation off by default; password change and cancellation for
     * accounts Parloir stores (local accounts, the embedded directory), never for an external directory.
     *
     * @param enabled             accounts may be created in-band
     * @param perAddressPerMinute account creations allowed from one client address per minute (XEP-0077 §13)
     * @param allowRemove         users may delete their own account in-band (XEP-0077 §3.2), whether or not they
     *                            may create one: off where the administrator alone decides who has an account
     */
    public record Registration(@DefaultValue("false") boolean enabled,
                               @Min(1) @DefaultValue("20") int perAddressPerMinute,
                               @DefaultValue("true") boolean allowRemove) {
    }

    /** Offline messages (RFC 6121 §8.5.2.2). */
    public record Offline(@Min(0) @DefaultValue("1000") int maxPerUser) {
    }

    /** XEP-0198 stream management. */
    public record StreamManagement(@DefaultValue("true") boolean enabled,
                                   @NotNull @DefaultValue("300s") Duration resumptionTimeout,
                                   @Min(10) @DefaultValue("5000") int maxUnacked) {
    }

    /**
     * XEP-0045 multi-user chat: one service {@code <subdomain>.<domain>} per served domain. Rooms live in memory
     * (a restart empties them).
     *
     * @param enabled       offer the service at all
     * @param subdomain     first label of the service's domain
     * @param maxRooms      rooms of one service; creating one more is refused with resource-constraint
     * @param maxOccupants  occupants of one room whatever its configuration (owners and admins included)
     * @param history       messages a room keeps for newcomers (XEP-0045 §7.2.14); the room's own setting may lower it
     */
    public record Muc(@DefaultValue("true") boolean enabled,
                      @NotBlank @Pattern(regexp = "[a-z0-9]([a-z0-9-]*[a-z0-9])?")
                      @DefaultValue("conference") String subdomain,
                      @Min(1) @DefaultValue("10000") int maxRooms,
                      @Min(1) @Max(100000) @DefaultValue("1000") int maxOccupants,
                      @Min(0) @Max(1000) @DefaultValue("20") int history) {
    }
}

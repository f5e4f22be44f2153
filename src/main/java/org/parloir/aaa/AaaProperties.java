package org.parloir.aaa;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * RADIUS authorisation and accounting of PSTN calls ({@code parloir.aaa}). With no server configured, authorisation is
 * local (every authenticated caller is accepted, unrestricted) and calls are accounted in CDRs only.
 *
 * @param radius          the servers, tried in order, and how long each gets
 * @param nasIdentifier   NAS-Identifier of every request (RFC 2865 §5.32)
 * @param nasIpAddress    NAS-IP-Address (RFC 2865 §5.4), an IPv4 literal; empty = not sent
 * @param digestDomains   our domains whose callers' SIP digest is verified by the RADIUS server (RFC 5090)
 * @param interimInterval time between Interim-Update records of a call; zero = none
 * @param policies        call policies by name: an Access-Accept's Filter-Id names one (RFC 2865 §5.11)
 * @param poolSize        threads doing the blocking RADIUS exchanges
 * @param queueSize       exchanges waiting for a thread; beyond it a call is answered Unavailable
 */
@Validated
@ConfigurationProperties("parloir.aaa")
public record AaaProperties(
        @Valid @NotNull @DefaultValue Radius radius,
        @NotBlank @DefaultValue("parloir") String nasIdentifier,
        @Pattern(regexp = "|(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}",
                message = "must be an IPv4 address (NAS-IP-Address) or empty") String nasIpAddress,
        @NotNull @DefaultValue List<@NotBlank String> digestDomains,
        @NotNull @DefaultValue("5m") Duration interimInterval,
        @NotNull @DefaultValue Map<String, @Valid @NotNull Policy> policies,
        @Min(1) @Max(256) @DefaultValue("4") int poolSize,
        @Min(1) @DefaultValue("1000") int queueSize) {

    public AaaProperties {
        nasIpAddress = nasIpAddress == null || nasIpAddress.isBlank() ? null : nasIpAddress;
        digestDomains = digestDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean radiusConfigured() {
        return !radius.servers().isEmpty();
    }

    @AssertTrue(message = "interim-interval must be zero (none) or at least one second")
    public boolean isInterimIntervalValid() {
        return interimInterval.isZero() || interimInterval.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    /**
     * @param servers tried in this order: the next one when one timed out or answered garbage
     * @param timeout how long one attempt waits for an answer
     * @param retries attempts per server after the first
     * @param deadTime a server that gave no usable answer is tried after the others for this long; 0 = never
     * @param requireMessageAuthenticator discard Access-Accept/Reject without a Message-Authenticator (RFC 3579
     *                                    §3.2, the BlastRADIUS defence); on once every server sends one
     *                                    (FreeRADIUS 3.2.5 and later). One that is present is always checked.
     */
    public record Radius(@NotNull @DefaultValue List<@Valid @NotNull Server> servers,
                         @NotNull @DefaultValue("1s") Duration timeout,
                         @Min(0) @Max(10) @DefaultValue("2") int retries,
                         @DefaultValue("false") boolean requireMessageAuthenticator,
                         @NotNull @DefaultValue("30s") Duration deadTime) {

        @AssertTrue(message = "radius.timeout must be between 10ms and 60s")
        public boolean isTimeoutValid() {
            return timeout.toMillis() >= 10 && timeout.compareTo(Duration.ofSeconds(60)) <= 0;
        }
    }

    /**
     * One RADIUS server.
     *
     * @param address        host or host:port ([v6]:port) of Access-Requests; port 1812 when none is given
     * @param accountingPort port of Accounting-Requests on the same host
     * @param secret         shared secret; never logged
     */
    public record Server(
            @NotBlank @Pattern(regexp = "(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]\\s]+)(:[0-9]{1,5})?",
                    message = "must be host, host:port or [v6-address]:port") String address,
            @Min(1) @Max(65535) @DefaultValue("1813") int accountingPort,
            @NotBlank String secret) {

        public static final int ACCESS_PORT = 1812;

        public String host() {
            int colon = portColon();
            String host = colon < 0 ? address : address.substring(0, colon);
            return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        }

        public int accessPort() {
            int colon = portColon();
            return colon < 0 ? ACCESS_PORT : Integer.parseInt(address.substring(colon + 1));
        }

        /** The colon before the port: after the ']' of an IPv6 literal, or the only colon of a name; -1 if none. */
        private int portColon() {
            int colon = address.lastIndexOf(':');
            boolean bracketed = address.startsWith("[");
            boolean port = bracketed ? colon > address.indexOf(']') : colon > 0 && address.indexOf(':') == colon;
            return port ? colon : -1;
        }

        @Override
        public String toString() {
            return "Server[address=" + address + ", accountingPort=" + accountingPort + ", secret=****]";
        }
    }

    /** @param allowedPrefixes E.164 prefixes ({@code +33}, {@code +3319}) the holders may dial; empty = any */
    public record Policy(@NotNull @DefaultValue List<@Pattern(regexp = "\\+[0-9]{1,15}",
            message = "must be an E.164 prefix such as +33") String> allowedPrefixes) {
    }
}

package org.parloir.bridge.media;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How the relay binds and watches its media ports.
 *
 * @param bindAddress         the local address media sockets bind to (may be the wildcard only with a public one)
 * @param publicAddress       the address candidates advertise (NAT, Kubernetes node); null: {@code bindAddress}
 * @param portMin             the first port of the UDP range (inclusive; calls use even ports, RTP/RTCP-mux)
 * @param portMax             the last port (inclusive)
 * @param consentTimeout      no valid STUN check on a secure leg for this long: consent lost (RFC 7675 §5.1: 30 s)
 * @param inactivityTimeout   a leg that received no RTP for this long is reported inactive
 * @param dtlsHandshakeTimeout a DTLS handshake not finished in this long fails the secure leg
 * @param maxSsrcs            SRTP sources accepted per direction (state per source is bounded by this)
 */
public record MediaSettings(InetAddress bindAddress, InetAddress publicAddress, int portMin, int portMax,
        Duration consentTimeout, Duration inactivityTimeout, Duration dtlsHandshakeTimeout, int maxSsrcs) {

    public MediaSettings {
        if (bindAddress == null) {
            throw new IllegalArgumentException("a bind address");
        }
        if (bindAddress.isAnyLocalAddress() && publicAddress == null) {
            throw new IllegalArgumentException("a wildcard bind address needs a public address to advertise");
        }
        if (portMin < 1024 || portMax > 65535 || portMax - portMin < 3) {
            throw new IllegalArgumentException("a port range within 1024-65535 holding at least two even ports: "
                    + portMin + "-" + portMax);
        }
        for (Duration d : new Duration[] {consentTimeout, inactivityTimeout, dtlsHandshakeTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts are positive");
            }
        }
        if (maxSsrcs < 1) {
            throw new IllegalArgumentException("at least one SSRC per direction");
        }
    }

    /** The address put in candidates and SDP. */
    public InetAddress advertised() {
        return publicAddress != null ? publicAddress : bindAddress;
    }
}

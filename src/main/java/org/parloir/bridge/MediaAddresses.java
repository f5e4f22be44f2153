package org.parloir.bridge;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.parloir.bridge.media.MediaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code parloir.bridge.media} as the relay's settings. A wildcard bind address with no public one configured
 * advertises the host's first non-loopback IPv4 address (said at WARN: behind NAT or in Kubernetes it is wrong).
 */
final class MediaAddresses {

    private static final Logger log = LoggerFactory.getLogger(MediaAddresses.class);

    private MediaAddresses() {
    }

    static MediaSettings settings(BridgeProperties.Media media) {
        InetAddress bind = parse(media.address(), "address");
        InetAddress advertised = media.publicAddress().isBlank() ? null : parse(media.publicAddress(),
                "public-address");
        if (advertised == null && bind.isAnyLocalAddress()) {
            advertised = firstHostAddress().orElse(InetAddress.getLoopbackAddress());
            log.warn("parloir.bridge.media.public-address is not set: media candidates advertise {}; set it to the"
                    + " address Jingle clients reach", advertised.getHostAddress());
        }
        return new MediaSettings(bind, advertised, media.portMin(), media.portMax(), media.consentTimeout(),
                media.inactivityTimeout(), media.dtlsHandshakeTimeout(), media.maxSsrcs());
    }

    /** A literal address only: configuration never waits for DNS. */
    private static InetAddress parse(String literal, String key) {
        try {
            if (!literal.matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException(literal);
            }
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("parloir.bridge.media." + key + " must be an IP address: " + literal);
        }
    }

    private static Optional<InetAddress> firstHostAddress() {
        try {
            return NetworkInterface.networkInterfaces().filter(MediaAddresses::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean up(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}

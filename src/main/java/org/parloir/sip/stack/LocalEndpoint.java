package org.parloir.sip.stack;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sip.address.SipURI;

/**
 * Who "we" are on the wire: the address we advertise in Via and Record-Route, the port of each transport, and
 * every host name that designates this server (served domains, listening addresses) for Route and loop checks.
 *
 * @param host   advertised address (IP or DNS name) put in Via sent-by and Record-Route
 * @param ports  listening port by lower-case transport ("udp", "tcp", "tls")
 * @param names  lower-case host names and addresses that mean this server
 */
public record LocalEndpoint(String host, Map<String, Integer> ports, Set<String> names) {

    public int port(String transport) {
        Integer p = ports.get(transport.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("no listening point for transport " + transport);
        }
        return p;
    }

    public boolean hasTransport(String transport) {
        return ports.containsKey(transport.toLowerCase(Locale.ROOT));
    }

    /** Does this URI (a Route entry, a Request-URI without user) designate this server? */
    public boolean isSelf(SipURI uri) {
        if (!names.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return false;
        }
        int port = uri.getPort();
        if (port > 0) {
            return ports.containsValue(port);
        }
        // no port: a name of ours is us whatever our ports are (DNS SRV would lead here); an address literal
        // means the RFC 3263 default, 5061 for sips / TLS and 5060 otherwise
        String host = uri.getHost();
        if (!Character.isDigit(host.charAt(0)) && !host.contains(":")) {
            return true;
        }
        boolean tls = uri.isSecure() || "tls".equalsIgnoreCase(uri.getTransportParam());
        return ports.containsValue(tls ? 5061 : 5060);
    }
}

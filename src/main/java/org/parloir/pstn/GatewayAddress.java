package org.parloir.pstn;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a gateway listens: {@code HOST[:PORT][;transport=udp|tcp|tls]}, HOST a name, an IPv4 address or a bracketed
 * IPv6 one. Without a port, the RFC 3263 default of the transport (5061 for TLS, 5060 otherwise).
 */
record GatewayAddress(String host, int port, String transport) {

    private static final Pattern FORM = Pattern.compile(
            "(?<host>\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9.\\-]*)(?::(?<port>[0-9]{1,5}))?"
                    + "(?:;transport=(?<transport>[A-Za-z]+))?");

    /** @throws IllegalArgumentException saying what is wrong (the caller adds the property name) */
    static GatewayAddress parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT[;transport=udp|tcp|tls]");
        }
        String transport = m.group("transport") == null ? "udp" : m.group("transport").toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            throw new IllegalArgumentException("'" + text + "': transport must be udp, tcp or tls");
        }
        int port = transport.equals("tls") ? 5061 : 5060;
        if (m.group("port") != null) {
            port = Integer.parseInt(m.group("port"));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + text + "': port " + port + " is not 1 to 65535");
            }
        }
        String host = m.group("host");
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1); // GatewayTarget adds the brackets back in URIs
        }
        return new GatewayAddress(host, port, transport);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ";transport=" + transport;
    }
}

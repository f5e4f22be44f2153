package org.parloir.aaa;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.NasIdentifier;
import org.aaa4j.radius.core.attribute.attributes.NasIpAddress;

/**
 * Who we are to the RADIUS server: every request carries NAS-Identifier and, when configured, NAS-IP-Address (RFC
 * 2865 §4.1: at least one of them).
 */
record NasIdentity(String identifier, Optional<Inet4Address> ipAddress) {

    static NasIdentity of(AaaProperties props) {
        Optional<Inet4Address> ip = Optional.ofNullable(props.nasIpAddress()).map(NasIdentity::literal);
        return new NasIdentity(props.nasIdentifier(), ip);
    }

    List<Attribute<?>> attributes() {
        List<Attribute<?>> attributes = new ArrayList<>(2);
        attributes.add(new NasIdentifier(new TextData(identifier)));
        ipAddress.ifPresent(ip -> attributes.add(new NasIpAddress(new Ipv4AddrData(ip))));
        return attributes;
    }

    /** The property is validated as a dotted quad, so this parses without a name lookup. */
    private static Inet4Address literal(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return (Inet4Address) Inet4Address.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad, e);
        }
    }
}

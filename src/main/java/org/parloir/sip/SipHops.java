package org.parloir.sip;

import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/** Next-hop facts of a request about to be sent. */
public final class SipHops {

    private SipHops() {
    }

    /** Transport toward the next hop: top Route if any, else the Request-URI (RFC 3263 without DNS). */
    public static String transport(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI uri = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (uri instanceof SipURI sip) {
            String t = sip.getTransportParam();
            if (t != null) {
                return t.toLowerCase(Locale.ROOT);
            }
            return sip.isSecure() ? "tls" : "udp";
        }
        return "udp";
    }
}

package org.parloir.sip;

import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;

/** Facts of a request the SIP side keys and routes by: its Call-ID, its INVITE transaction key, its next hop. */
public final class SipHops {

    private SipHops() {
    }

    /** Transport toward the next hop: top Route if any, else the Request-URI (RFC 3263 without DNS; sips: is TLS). */
    public static String transport(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI uri = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (uri instanceof SipURI sip) {
            if (sip.isSecure()) {
                // RFC 5630 §4.3: a sips: URI means TLS whatever its transport parameter (";transport=tcp" is TLS
                // over TCP; the parameter never downgrades it)
                return "tls";
            }
            String t = sip.getTransportParam();
            return t == null ? "udp" : t.toLowerCase(Locale.ROOT);
        }
        return "udp";
    }

    /** A request for a {@code sips:} target: TLS on every hop (RFC 5630 §4.1). */
    public static boolean isSips(Request request) {
        return "sips".equalsIgnoreCase(request.getRequestURI().getScheme());
    }

    /** The Call-ID, for logs and keys; "?" on a message without one. */
    public static String callId(Message message) {
        CallIdHeader h = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return h == null ? "?" : h.getCallId();
    }

    /** A CANCEL finds its INVITE by this: they share the top Via branch and sent-by, and the Call-ID (§9.2). */
    public static String inviteKey(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via.getBranch() + "|" + via.getHost() + ":" + via.getPort() + "|" + callId(request);
    }
}

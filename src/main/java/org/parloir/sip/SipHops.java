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

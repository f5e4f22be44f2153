package org.parloir.sip.proxy;

import java.util.ListIterator;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The branch parameters of the Vias the proxy adds, and the loop detection they carry. Our branches are
 * {@code z9hG4bK-pl<loop hash>.<serial>} (RFC 3261 §8.1.1.7 magic cookie, then our prefix): the hash of what makes
 * a request the same request at this point of its journey (§16.6 step 8) lets us see that exact request come back
 * (§16.3 step 4). Requests we originate or forward statelessly use {@code ack} or {@code bye} in place of the hash.
 */
final class ViaBranches {

    private static final String MAGIC = "z9hG4bK";
    /** The prefix of every branch of ours: responses whose top Via carries it are ours to pop. */
    static final String OURS = MAGIC + "-pl";

    private final AtomicLong serial = new AtomicLong();

    /** A new branch of ours; {@code middle} is a loop hash, or what the request is when we originate it. */
    String next(String middle) {
        return OURS + middle + "." + Long.toHexString(serial.incrementAndGet());
    }

    /** §16.6 step 8: a hash of what makes a request the same request at this point of its journey. */
    static String loopHash(Request request) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(request.getRequestURI()).append('|')
                .append(((FromHeader) request.getHeader(FromHeader.NAME)).getTag()).append('|')
                .append(((ToHeader) request.getHeader(ToHeader.NAME)).getTag()).append('|')
                .append(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId()).append('|')
                .append(((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber());
        ListIterator<?> routes = request.getHeaders(RouteHeader.NAME);
        while (routes.hasNext()) {
            sb.append('|').append(routes.next());
        }
        long h = 0xcbf29ce484222325L; // FNV-1a 64
        for (int i = 0; i < sb.length(); i++) {
            h ^= sb.charAt(i);
            h *= 0x100000001b3L;
        }
        return Long.toHexString(h);
    }

    /** §16.3 step 4: one of our Vias carries the same loop hash, so this exact request came back. */
    static boolean isLoop(Request request, String loopHash) {
        String mine = OURS + loopHash + ".";
        ListIterator<?> vias = request.getHeaders(ViaHeader.NAME);
        while (vias.hasNext()) {
            ViaHeader via = (ViaHeader) vias.next();
            if (via.getBranch() != null && via.getBranch().startsWith(mine)) {
                return true;
            }
        }
        return false;
    }
}

package org.parloir.sip.registrar;

import java.util.List;

/**
 * One registered contact of an address-of-record (RFC 3261 §10).
 *
 * @param aor         {@code local@domain}
 * @param contact     the Contact URI, as the UA sent it
 * @param q           preference 0..1, or -1 when the UA gave none
 * @param expiresAt   epoch milliseconds
 * @param callId      Call-ID of the REGISTER that made or refreshed it
 * @param cseq        its CSeq number
 * @param path        Path header values (RFC 3327), top first; the route toward the UA
 * @param received    where the REGISTER came from, {@code transport:host:port}
 * @param userAgent   User-Agent of the registering device, or null
 */
public record Binding(String aor, String contact, float q, long expiresAt, String callId, long cseq,
                      List<String> path, String received, String userAgent) {

    public Binding {
        path = List.copyOf(path);
    }

    public boolean expired(long nowMillis) {
        return expiresAt <= nowMillis;
    }

    public int secondsLeft(long nowMillis) {
        return (int) Math.max(0, (expiresAt - nowMillis + 999) / 1000);
    }
}

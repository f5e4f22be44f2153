package org.parloir.sip.b2bua;

import java.nio.charset.StandardCharsets;

/**
 * Number hiding in session descriptions (RFC 4566): what a far end writes about itself beyond its media
 * addresses — the origin's user name and session id, the session name, information, URI, e-mail and phone lines
 * — may carry its number, so the caller gets an SDP without them. The session id is replaced by a stable hash so
 * that later offers of the same session still match (§5.2: the origin identifies the session).
 */
final class SdpPrivacy {

    private SdpPrivacy() {
    }

    static byte[] scrub(byte[] sdp) {
        if (sdp == null) {
            return null;
        }
        String text = new String(sdp, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("i=") || line.startsWith("u=") || line.startsWith("e=") || line.startsWith("p=")) {
                continue;
            }
            if (line.startsWith("s=")) {
                line = "s=-";
            } else if (line.startsWith("o=")) {
                line = origin(line);
            }
            out.append(line).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>}. */
    private static String origin(String line) {
        String[] f = line.substring(2).split(" ");
        if (f.length != 6) {
            return "o=- 0 0 IN IP4 0.0.0.0";
        }
        long id = f[1].hashCode() & 0x7fffffffL;
        return "o=- " + id + " " + f[2] + " " + f[3] + " " + f[4] + " " + f[5];
    }
}

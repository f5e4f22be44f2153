package org.parloir.bridge.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;

/**
 * Reads the first audio stream of a SIP peer's session description and writes the bridge's own (RFC 4566 syntax,
 * RFC 3264 offer/answer). The bridge's SDP always names its media relay, never the XMPP client.
 */
public final class Sdp {

    private static final int MAX_LENGTH = 16 * 1024;
    private static final Set<String> DIRECTIONS = Set.of("sendrecv", "sendonly", "recvonly", "inactive");
    /** RFC 3551 static payload types a peer may use without rtpmap. */
    private static final Map<Integer, PayloadType> STATIC = Map.of(0, new PayloadType(0, "PCMU", 8000, 1),
            8, new PayloadType(8, "PCMA", 8000, 1), 9, new PayloadType(9, "G722", 8000, 1),
            18, new PayloadType(18, "G729", 8000, 1));

    private Sdp() {
    }

    /** The first audio m-line of {@code body}. */
    public static AudioSession audio(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_LENGTH) {
            throw new SdpFormatException("no session description, or one over " + MAX_LENGTH + " bytes");
        }
        String sessionAddress = null;
        String address = null;
        int port = -1;
        String profile = null;
        List<Integer> formats = new ArrayList<>();
        Map<Integer, String> rtpmap = new LinkedHashMap<>();
        Map<Integer, String> fmtp = new LinkedHashMap<>();
        String direction = "sendrecv";
        String sessionDirection = null;
        int ptime = 0;
        boolean rtcpMux = false;
        List<String> crypto = new ArrayList<>();
        boolean inAudio = false;
        boolean seenAudio = false;
        for (String raw : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                inAudio = !seenAudio && value.startsWith("audio ");
                if (inAudio) {
                    seenAudio = true;
                    String[] m = value.split(" +");
                    if (m.length < 4) {
                        throw new SdpFormatException("m-line without formats: " + line);
                    }
                    port = port(m[1]);
                    profile = m[2];
                    for (int i = 3; i < m.length; i++) {
                        formats.add(payloadType(m[i]));
                    }
                }
            } else if (type == 'c') {
                String a = connection(value);
                if (!seenAudio) {
                    sessionAddress = a;
                } else if (inAudio) {
                    address = a;
                }
            } else if (type == 'a' && (inAudio || !seenAudio)) {
                String attr = value;
                if (DIRECTIONS.contains(attr)) {
                    if (inAudio) {
                        direction = attr;
                    } else {
                        sessionDirection = attr;
                    }
                } else if (inAudio && attr.startsWith("rtpmap:")) {
                    String[] r = attr.substring(7).split(" ", 2);
                    if (r.length == 2) {
                        rtpmap.put(payloadType(r[0]), r[1].strip());
                    }
                } else if (inAudio && attr.startsWith("fmtp:")) {
                    String[] f = attr.substring(5).split(" ", 2);
                    if (f.length == 2) {
                        fmtp.put(payloadType(f[0]), f[1].strip());
                    }
                } else if (inAudio && attr.startsWith("ptime:")) {
                    ptime = integer(attr.substring(6).strip(), 1, 1000, "ptime");
                } else if (inAudio && attr.equals("rtcp-mux")) {
                    rtcpMux = true;
                } else if (inAudio && attr.startsWith("crypto:")) {
                    crypto.add(attr.substring(7).strip());
                }
            }
        }
        if (!seenAudio) {
            throw new SdpFormatException("no audio stream");
        }
        String where = address != null ? address : sessionAddress;
        if (where == null && port != 0) {
            throw new SdpFormatException("no connection address for the audio stream");
        }
        if (sessionDirection != null && "sendrecv".equals(direction)) {
            direction = sessionDirection; // RFC 4566 §6: a session-level direction applies to media without one
        }
        List<PayloadType> types = new ArrayList<>();
        for (int pt : formats) {
            PayloadType t = rtpmap.containsKey(pt) ? rtpmap(pt, rtpmap.get(pt)) : STATIC.get(pt);
            if (t != null) {
                types.add(new PayloadType(t.id(), t.name(), t.clockrate(), t.channels(), 0, fmtp(fmtp.get(pt)),
                        List.of()));
            }
        }
        return new AudioSession(where, port, profile, types, ptime, direction, rtcpMux, crypto);
    }

    private static PayloadType rtpmap(int pt, String encoding) {
        String[] e = encoding.split("/");
        if (e.length < 2) {
            throw new SdpFormatException("rtpmap without clock rate: " + encoding);
        }
        int channels = e.length > 2 ? integer(e[2], 1, 8, "channels") : 1;
        return new PayloadType(pt, e[0], integer(e[1], 1, 1_000_000, "clock rate"), channels);
    }

    /** fmtp parameters: {@code a=b;c=d}, or one value without name (telephone-event {@code 0-16}) as {@code events}. */
    private static Map<String, String> fmtp(String value) {
        Map<String, String> params = new LinkedHashMap<>();
        if (value == null) {
            return params;
        }
        for (String p : value.split(";")) {
            String s = p.strip();
            int eq = s.indexOf('=');
            if (eq > 0) {
                params.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
            } else if (!s.isEmpty()) {
                params.put("events", s);
            }
        }
        return params;
    }

    private static String connection(String value) {
        String[] c = value.split(" +");
        if (c.length < 3 || !"IN".equals(c[0]) || !("IP4".equals(c[1]) || "IP6".equals(c[1]))) {
            throw new SdpFormatException("connection line is not IN IP4/IP6: " + value);
        }
        return c[2].split("/")[0];
    }

    private static int port(String s) {
        return integer(s.split("/")[0], 0, 65535, "port");
    }

    private static int payloadType(String s) {
        return integer(s, 0, 127, "payload type");
    }

    private static int integer(String s, int min, int max, String what) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n < min || n > max) {
                throw new SdpFormatException(what + " out of range: " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SdpFormatException(what + " is not a number: " + s);
        }
    }

    /**
     * The bridge's description of its relay port (RFC 3264 §5 offer, §6 answer): one audio stream, plain RTP.
     *
     * @param sessionId o= session id, stable for the call; {@code version} grows with each new description
     */
    public static byte[] write(long sessionId, long version, String address, int port, List<PayloadType> types,
                               int ptime, String direction) {
        String ip = address.contains(":") ? "IP6" : "IP4";
        StringBuilder s = new StringBuilder();
        s.append("v=0\r\n");
        s.append("o=parloir ").append(sessionId).append(' ').append(version).append(" IN ").append(ip).append(' ')
                .append(address).append("\r\n");
        s.append("s=-\r\n");
        s.append("c=IN ").append(ip).append(' ').append(address).append("\r\n");
        s.append("t=0 0\r\n");
        s.append("m=audio ").append(port).append(" RTP/AVP");
        types.forEach(t -> s.append(' ').append(t.id()));
        s.append("\r\n");
        for (PayloadType t : types) {
            s.append("a=rtpmap:").append(t.id()).append(' ').append(t.name()).append('/').append(t.clockrate());
            if (t.channels() > 1) {
                s.append('/').append(t.channels());
            }
            s.append("\r\n");
            if (!t.parameters().isEmpty()) {
                s.append("a=fmtp:").append(t.id()).append(' ');
                List<String> parts = new ArrayList<>();
                t.parameters().forEach((k, v) -> parts.add("telephone-event".equalsIgnoreCase(t.name())
                        && "events".equals(k) ? v : k + "=" + v));
                s.append(String.join(";", parts)).append("\r\n");
            }
        }
        if (ptime > 0) {
            s.append("a=ptime:").append(ptime).append("\r\n");
        }
        s.append("a=").append(direction).append("\r\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

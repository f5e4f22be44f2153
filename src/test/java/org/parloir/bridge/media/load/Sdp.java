package org.parloir.bridge.media.load;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** The few lines of a one-audio-stream SDP the generator reads from rtpengine's answers: c=, m= and attributes. */
record Sdp(InetSocketAddress media, Map<String, String> attributes) {

    static Sdp parse(String sdp) {
        String ip = null;
        int port = -1;
        Map<String, String> attributes = new HashMap<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=IN IP4 ")) {
                ip = line.substring(9).trim();
            } else if (line.startsWith("m=audio ")) {
                port = Integer.parseInt(line.split(" ")[1]);
            } else if (line.startsWith("a=")) {
                int colon = line.indexOf(':');
                String name = colon < 0 ? line.substring(2) : line.substring(2, colon);
                attributes.putIfAbsent(name, colon < 0 ? "" : line.substring(colon + 1).trim());
            }
        }
        if (ip == null || port < 0) {
            throw new IllegalArgumentException("no c= or m=audio line in\n" + sdp);
        }
        return new Sdp(new InetSocketAddress(ip, port), attributes);
    }

    String attribute(String name) {
        String v = attributes.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no a=" + name + " in the SDP");
        }
        return v;
    }
}

package org.parloir.bridge.media;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * The few SDP lines a WebRTC offer gives the relay (JSEP-style, one bundled audio section) and the answer the
 * relay's parameters make: what the bridge's Jingle side would carry as XEP-0176/XEP-0320 elements.
 */
record WebRtcSdp(String mid, String ufrag, String pwd, Fingerprint fingerprint, List<InetSocketAddress> candidates) {

    static WebRtcSdp parseOffer(String sdp) {
        String mid = "0";
        String ufrag = null;
        String pwd = null;
        Fingerprint fingerprint = null;
        List<InetSocketAddress> candidates = new ArrayList<>();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=mid:")) {
                mid = line.substring(6);
            } else if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring(12);
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring(10);
            } else if (line.startsWith("a=fingerprint:sha-256 ")) {
                fingerprint = Fingerprint.parse(line.substring(14));
            } else if (line.startsWith("a=candidate:")) {
                String[] f = line.split(" "); // foundation component transport priority address port typ ...
                candidates.add(new InetSocketAddress(f[4], Integer.parseInt(f[5])));
            }
        }
        return new WebRtcSdp(mid, ufrag, pwd, fingerprint, candidates);
    }

    /** An ice-lite answer accepting PCMU only, with our one host candidate, fingerprint and DTLS role. */
    static String answer(String mid, SecureLocal local, SetupRole ourRole) {
        String ip = local.candidate().getAddress().getHostAddress();
        int port = local.candidate().getPort();
        return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 " + ip, "s=-", "t=0 0", "a=group:BUNDLE " + mid,
                "a=ice-lite", "m=audio " + port + " UDP/TLS/RTP/SAVPF 0", "c=IN IP4 " + ip, "a=mid:" + mid,
                "a=sendrecv", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", "a=ice-ufrag:" + local.iceUfrag(),
                "a=ice-pwd:" + local.icePwd(), "a=fingerprint:" + local.fingerprint().format(),
                "a=setup:" + ourRole.attribute(), "a=candidate:1 1 udp 2130706431 " + ip + " " + port + " typ host",
                "a=end-of-candidates", "");
    }
}

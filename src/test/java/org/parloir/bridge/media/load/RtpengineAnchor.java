package org.parloir.bridge.media.load;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * rtpengine (Debian 10.5, userspace) driven over its ng control protocol on UDP: {@code <cookie> <bencoded dict>}
 * both ways, the answer carrying the request's cookie. As the usual Kamailio WebRTC-to-SIP gateway does it, the
 * WebRTC client's offer (UDP/TLS/RTP/SAVPF, ICE, rtcp-mux, {@code setup:actpass}) goes through {@code offer} with
 * {@code ICE=remove}, {@code transport-protocol=RTP/AVP} and {@code rtcp-mux=[demux]}, so the phone sees plain
 * RTP/AVP; the phone's answer goes through {@code answer} with {@code ICE=force}, so the client gets rtpengine as its
 * only ICE candidate, its fingerprint and its DTLS role (by default rtpengine takes the active role, the client is
 * then the DTLS server). rtpengine does full ICE toward the client unless {@code ICE-lite=backward} is asked, in
 * which case it only answers checks as Parloir's relay does.
 */
final class RtpengineAnchor implements Anchor {

    private final DatagramSocket ng;
    private final InetSocketAddress ngAddress;
    private final long pid;
    private final boolean iceLite;
    private long cookie;

    RtpengineAnchor(InetSocketAddress ngAddress, long pid, boolean iceLite) throws IOException {
        this.ngAddress = ngAddress;
        this.pid = pid;
        this.iceLite = iceLite;
        this.ng = new DatagramSocket(new InetSocketAddress(ngAddress.getAddress(), 0));
        ng.setSoTimeout(2000);
        Object pong = request(Map.of("command", "ping")).get("result");
        if (!"pong".equals(pong)) {
            throw new IOException("rtpengine did not answer ping with pong: " + pong);
        }
    }

    @Override
    public String name() {
        return "rtpengine";
    }

    @Override
    public synchronized RelayEnds open(ClientEnds c) throws IOException {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("command", "offer");
        offer.put("call-id", c.callId());
        offer.put("from-tag", "caller");
        offer.put("sdp", webrtcOffer(c));
        offer.put("ICE", "remove");
        offer.put("transport-protocol", "RTP/AVP");
        offer.put("rtcp-mux", List.of("demux"));
        offer.put("flags", List.of("trust-address"));
        offer.put("replace", List.of("origin", "session-connection"));
        if (iceLite) {
            offer.put("ICE-lite", "backward"); // lite toward the peer that sent this offer: the WebRTC client
        }
        Sdp toPhone = Sdp.parse(sdp(request(offer)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("command", "answer");
        answer.put("call-id", c.callId());
        answer.put("from-tag", "caller");
        answer.put("to-tag", "callee");
        answer.put("sdp", phoneAnswer(c.plain()));
        answer.put("ICE", "force");
        answer.put("flags", List.of("trust-address"));
        answer.put("replace", List.of("origin", "session-connection"));
        Sdp toClient = Sdp.parse(sdp(request(answer)));
        return new RelayEnds(toClient.attribute("ice-ufrag"), toClient.attribute("ice-pwd"), toClient.media(),
                Fingerprint.parse(toClient.attribute("fingerprint")),
                SetupRole.parse(toClient.attribute("setup")).counterpart(), toPhone.media());
    }

    @Override
    public synchronized void close(String callId) throws IOException {
        request(Map.of("command", "delete", "call-id", callId, "from-tag", "caller"));
    }

    private static String sdp(Map<String, Object> response) throws IOException {
        if (!"ok".equals(response.get("result"))) {
            throw new IOException("rtpengine: " + response.get("result") + " " + response.get("error-reason"));
        }
        return (String) response.get("sdp");
    }

    static String webrtcOffer(ClientEnds c) {
        String ip = c.secure().getAddress().getHostAddress();
        int port = c.secure().getPort();
        return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 " + ip, "s=-", "t=0 0",
                "m=audio " + port + " UDP/TLS/RTP/SAVPF 0", "c=IN IP4 " + ip, "a=rtpmap:0 PCMU/8000", "a=ptime:20",
                "a=sendrecv", "a=rtcp-mux", "a=ice-ufrag:" + c.iceUfrag(), "a=ice-pwd:" + c.icePwd(),
                "a=candidate:1 1 udp 2130706431 " + ip + " " + port + " typ host",
                "a=fingerprint:" + c.fingerprint().format(), "a=setup:actpass", "") ;
    }

    static String phoneAnswer(InetSocketAddress plain) {
        String ip = plain.getAddress().getHostAddress();
        return String.join("\r\n", "v=0", "o=- 2 1 IN IP4 " + ip, "s=-", "c=IN IP4 " + ip, "t=0 0",
                "m=audio " + plain.getPort() + " RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "a=ptime:20", "a=sendrecv", "");
    }

    /** One request, retransmitted with the same cookie (rtpengine detects retransmissions by it) until answered. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> request(Map<String, Object> dict) throws IOException {
        String id = "pl" + (++cookie);
        byte[] head = (id + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Bencode.encode(dict);
        byte[] message = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        byte[] buf = new byte[65536];
        for (int attempt = 0; attempt < 3; attempt++) {
            ng.send(new DatagramPacket(message, message.length, ngAddress));
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    ng.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                if (text.startsWith(id + " ")) {
                    return (Map<String, Object>) Bencode.decode(buf, head.length);
                }
            }
        }
        throw new IOException("rtpengine did not answer " + dict.get("command") + " on " + ngAddress);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void close() {
        ng.close();
    }
}

package org.parloir.bridge;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@link BrowserPeer}'s RTCPeerConnection reports (W3C webrtc-stats): the audio {@code inbound-rtp} and
 * {@code outbound-rtp} streams, the transport's DTLS state and its selected pair's remote candidate
 * ({@code address:port type}), and the loudest frequency of the received audio
 * (a WebAudio analyser; 0 when silent); and the call's signalling counts ({@link Signalling}).
 */
public record PeerStats(String connection, long packetsReceived, long packetsLost, double audioLevel,
        double totalAudioEnergy, String inboundCodec, long packetsSent, String outboundCodec, String dtlsState,
        String srtpCipher, String remoteCandidate, int dominantHz, Signalling signalling, String json) {

    /**
     * XEP-0176 over XMPP in the current call: transport-info sent and received, ICE candidates this peer sent
     * (in the initiate/accept or in transport-info) and candidates it got from the other party.
     */
    public record Signalling(int transportInfoSent, int transportInfoReceived, int candidatesSignalled,
            int remoteCandidatesSignalled) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static PeerStats parse(String json) {
        JsonNode n = JSON.readTree(json);
        return new PeerStats(n.path("connection").asString(""), n.path("packetsReceived").asLong(0),
                n.path("packetsLost").asLong(0), n.path("audioLevel").asDouble(0),
                n.path("totalAudioEnergy").asDouble(0), n.path("inboundCodec").asString(""),
                n.path("packetsSent").asLong(0), n.path("outboundCodec").asString(""),
                n.path("dtlsState").asString(""), n.path("srtpCipher").asString(""), n.path("remoteCandidate").asString(""),
                n.path("dominantHz").asInt(0),
                new Signalling(n.path("transportInfoSent").asInt(0), n.path("transportInfoReceived").asInt(0),
                        n.path("candidatesSignalled").asInt(0), n.path("remoteCandidatesSignalled").asInt(0)),
                json);
    }

    /** Media arrived and was decoded to something louder than silence. */
    public boolean hearsAudio() {
        return packetsReceived > 0 && totalAudioEnergy > 0;
    }
}

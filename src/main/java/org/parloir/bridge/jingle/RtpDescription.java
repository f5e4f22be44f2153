package org.parloir.bridge.jingle;

import java.util.List;
import java.util.Map;

/**
 * An XEP-0167 RTP description: the media and its payload types, with what the bridge honours of the extensions
 * (rtcp-mux, XEP-0339 sources). Feedback (XEP-0293) and header extensions (XEP-0294) are read and kept so the
 * bridge can tell what was offered; it answers none of them.
 *
 * @param media        audio or video
 * @param ssrc         the sender's SSRC attribute, or null
 * @param payloadTypes in the sender's order of preference
 * @param rtcpMux      RTP and RTCP on one port (RFC 5761)
 * @param sources      XEP-0339 sources, each SSRC with its parameters (cname, msid)
 * @param feedback     XEP-0293 rtcp-fb of the description itself (type, subtype)
 * @param extensions   XEP-0294 header extensions (id, uri)
 */
public record RtpDescription(String media, String ssrc, List<PayloadType> payloadTypes, boolean rtcpMux,
                             List<Source> sources, List<Feedback> feedback, List<HeaderExtension> extensions) {

    public RtpDescription {
        payloadTypes = List.copyOf(payloadTypes);
        sources = sources == null ? List.of() : List.copyOf(sources);
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    /**
     * A payload type (XEP-0167 §4): the RTP payload type number and the SDP rtpmap/fmtp it stands for.
     *
     * @param channels   1 when absent
     * @param ptime      milliseconds of media per packet, or 0 when absent
     * @param parameters fmtp parameters, in order
     * @param feedback   XEP-0293 rtcp-fb of this payload type
     */
    public record PayloadType(int id, String name, int clockrate, int channels, int ptime,
                              Map<String, String> parameters, List<Feedback> feedback) {

        public PayloadType {
            parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(parameters));
            feedback = feedback == null ? List.of() : List.copyOf(feedback);
        }

        public PayloadType(int id, String name, int clockrate, int channels) {
            this(id, name, clockrate, channels, 0, Map.of(), List.of());
        }

        /** Same codec: name (case-insensitive), clock rate and channels (RFC 3264 §6.1). */
        public boolean sameCodec(PayloadType other) {
            return name.equalsIgnoreCase(other.name) && clockrate == other.clockrate && channels == other.channels;
        }
    }

    /** XEP-0339: one SSRC and its parameters (cname, msid). */
    public record Source(long ssrc, Map<String, String> parameters) {

        public Source {
            parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(parameters));
        }
    }

    /** XEP-0293: an RTCP feedback message type, e.g. {@code nack} / {@code pli}; subtype may be null. */
    public record Feedback(String type, String subtype) {
    }

    /** XEP-0294: a header extension, e.g. 1 {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}. */
    public record HeaderExtension(int id, String uri) {
    }
}

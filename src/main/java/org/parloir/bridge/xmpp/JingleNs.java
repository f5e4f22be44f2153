package org.parloir.bridge.xmpp;

/** The namespaces of Jingle and the extensions the bridge reads. */
final class JingleNs {

    static final String JINGLE = "urn:xmpp:jingle:1";
    static final String ERRORS = "urn:xmpp:jingle:errors:1";
    static final String RTP = "urn:xmpp:jingle:apps:rtp:1";
    static final String RTP_INFO = "urn:xmpp:jingle:apps:rtp:info:1";
    static final String RTCP_FB = "urn:xmpp:jingle:apps:rtp:rtcp-fb:0";
    static final String RTP_HDREXT = "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0";
    static final String SSMA = "urn:xmpp:jingle:apps:rtp:ssma:0";
    static final String GROUPING = "urn:xmpp:jingle:apps:grouping:0";
    static final String ICE_UDP = "urn:xmpp:jingle:transports:ice-udp:1";
    static final String DTLS = "urn:xmpp:jingle:apps:dtls:0";
    static final String JINGLE_MESSAGE = "urn:xmpp:jingle-message:0";

    private JingleNs() {
    }
}

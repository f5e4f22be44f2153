package org.parloir.bridge.jingle;

import java.util.List;

/**
 * One Jingle element (XEP-0166 §7): what a session-initiate, session-accept, transport-info, session-info or
 * session-terminate says, as far as the bridge honours it.
 *
 * @param action     what it asks
 * @param sid        the session id
 * @param initiator  the initiator's JID, when given
 * @param responder  the responder's JID, when given
 * @param contents   its contents (none for session-info/terminate)
 * @param group      the XEP-0338 BUNDLE group, or null
 * @param reason     why (session-terminate; optional elsewhere), or null
 * @param info       the XEP-0167 §7 session-info payload (ringing, hold, unhold, mute, unmute, active), or null
 */
public record Jingle(JingleAction action, String sid, String initiator, String responder, List<Content> contents,
                     Group group, Reason reason, String info) {

    public Jingle {
        contents = contents == null ? List.of() : List.copyOf(contents);
    }

    /** XEP-0166 §7.4: why a session ends or an action is refused; text is optional. */
    public record Reason(String condition, String text) {
    }

    /** XEP-0338: contents that share one transport ({@code BUNDLE}). */
    public record Group(String semantics, List<String> contents) {

        public Group {
            contents = List.copyOf(contents);
        }
    }

    /**
     * One content (XEP-0166 §7.3).
     *
     * @param creator     initiator or responder
     * @param name        its name, unique in the session
     * @param senders     both, initiator, responder or none
     * @param description the XEP-0167 RTP description, or null when the content has another application
     * @param transport   the XEP-0176 ICE-UDP transport, or null when it has another transport
     */
    public record Content(String creator, String name, String senders, RtpDescription description,
                          IceUdpTransport transport) {
    }
}

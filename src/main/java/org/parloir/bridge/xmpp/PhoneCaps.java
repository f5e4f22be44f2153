package org.parloir.bridge.xmpp;

import java.util.List;
import org.parloir.xmpp.stanza.EntityCaps;
import org.parloir.xmpp.stanza.EntityCaps.Identity;
import org.parloir.xmpp.stanza.Namespaces;

/** What the gateway and its numbers say they are (XEP-0030) and can do (XEP-0115 caps in their presence). */
final class PhoneCaps {

    static final String NODE = "https://parloir.org/phone";
    static final String RTP_AUDIO = "urn:xmpp:jingle:apps:rtp:audio";
    static final String GATEWAY = "jabber:iq:gateway";

    private PhoneCaps() {
    }

    /**
     * A telephone number: what Conversations looks for before it shows a call button (Jingle, ICE-UDP, RTP, DTLS,
     * audio) and XEP-0353 call proposals. A number is a telephone, so its identity is the registry's client/phone.
     */
    static EntityCaps number() {
        return new EntityCaps(NODE, List.of(new Identity("client", "phone", null, "Telephone")),
                List.of(Namespaces.DISCO_INFO, Namespaces.CAPS, JingleNs.JINGLE, JingleNs.ICE_UDP, JingleNs.RTP,
                        JingleNs.DTLS, RTP_AUDIO, JingleNs.JINGLE_MESSAGE));
    }

    /**
     * A person's SIP phones as one resource of theirs ({@code bob@example.org/parloir-sip}): the call features of a
     * number, identity client/phone.
     */
    static EntityCaps sipPhones() {
        return new EntityCaps(NODE, List.of(new Identity("client", "phone", null, "SIP phones")),
                List.of(Namespaces.DISCO_INFO, Namespaces.CAPS, JingleNs.JINGLE, JingleNs.ICE_UDP, JingleNs.RTP,
                        JingleNs.DTLS, RTP_AUDIO, JingleNs.JINGLE_MESSAGE));
    }

    /** The service itself: the registry's gateway/pstn, translating numbers to JIDs (XEP-0100 §6.3). */
    static EntityCaps service(String name) {
        return new EntityCaps(NODE, List.of(new Identity("gateway", "pstn", null, name)),
                List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.PING, GATEWAY));
    }
}

package org.parloir.bridge.xmpp;

import java.util.Optional;
import org.jxmpp.jid.Jid;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/**
 * XEP-0353 (Jingle Message Initiation) from a number's side. A number has one device, the gateway, which takes
 * every call at once: a {@code propose} of audio is answered {@code ringing} then {@code proceed} from the
 * number's full JID, to which the caller then sends its session-initiate (§3.2); the real ringing is the SIP
 * side's and reaches the caller as a Jingle session-info. A proposal the gateway cannot take is {@code reject}ed.
 */
final class CallProposals {

    private final boolean callsEnabled;

    CallProposals(boolean callsEnabled) {
        this.callsEnabled = callsEnabled;
    }

    /**
     * @param refusal why the sender may not call this address (an XEP-0166 §7.4 reason), or empty
     */
    void message(Element message, Element jmi, Jid from, Jid to, Optional<Reason> refusal, StanzaOutbox outbox) {
        String id = jmi.attribute("id");
        if (!"propose".equals(jmi.name()) || id == null || !from.hasResource()) {
            return; // retract, finish, accept or reject of the caller's own devices: no session here yet
        }
        String self = to.asBareJid() + "/" + PhoneService.NUMBER_RESOURCE;
        boolean audio = jmi.elements().stream().anyMatch(d -> d.is("description", JingleNs.RTP)
                && "audio".equals(d.attribute("media")));
        Optional<Reason> refused = refusal.isPresent() ? refusal
                : !callsEnabled ? Optional.of(new Reason("general-error", "calls are not configured on this server"))
                : !audio ? Optional.of(new Reason("unsupported-applications", "the telephone gateway takes audio only"))
                : Optional.empty();
        if (refused.isPresent()) {
            outbox.send(reply(message, self, from, Element.builder("reject", JingleNs.JINGLE_MESSAGE)
                    .attribute("id", id).child(reason(refused.get())).build()));
            return;
        }
        outbox.send(reply(message, self, from, Element.builder("ringing", JingleNs.JINGLE_MESSAGE)
                .attribute("id", id).build()));
        outbox.send(reply(message, self, from, Element.builder("proceed", JingleNs.JINGLE_MESSAGE)
                .attribute("id", id).build()));
    }

    private static Element reply(Element to, String from, Jid caller, Element payload) {
        return message(to.attribute("type") == null ? "chat" : to.attribute("type"), from, caller.toString(),
                payload);
    }

    /** A JMI message; stored in archives (XEP-0334), as Conversations sends them. */
    static Element message(String type, String from, String to, Element payload) {
        return Element.builder("message", Namespaces.CLIENT).attribute("type", type).attribute("from", from)
                .attribute("to", to).child(payload).child(Element.of("store", "urn:xmpp:hints")).build();
    }

    /** XEP-0166 §7.4: {@code <reason><condition/><text/></reason>}, the text when there is one. */
    static Element reason(Reason reason) {
        Element.Builder r = Element.builder("reason", JingleNs.JINGLE).child(Element.of(reason.condition(),
                JingleNs.JINGLE));
        if (reason.text() != null) {
            r.child(Element.builder("text", JingleNs.JINGLE).text(reason.text()).build());
        }
        return r.build();
    }
}

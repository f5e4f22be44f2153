package org.parloir.bridge.xmpp;

import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.Jid;
import org.parloir.core.E164;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.EntityCaps;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.Stanzas;

/** The IQs the gateway and its numbers answer: disco (XEP-0030/0115), ping (XEP-0199), jabber:iq:gateway. */
final class GatewayIqs {

    private GatewayIqs() {
    }

    /** {@code from}, {@code to}: the IQ's addresses, parsed. */
    static void answer(Element iq, Jid from, Jid to, PhoneService service, StanzaOutbox outbox) {
        String type = iq.attribute("type");
        if (!"get".equals(type) && !"set".equals(type)) {
            return; // a result or error for us: we ask nothing yet
        }
        List<Element> payload = iq.elements();
        if (iq.attribute("id") == null || payload.size() != 1) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.BAD_REQUEST, "an IQ request has one payload")));
            return;
        }
        Element query = payload.getFirst();
        if (to.hasLocalpart() && service.callee(to, from).isEmpty()) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.ITEM_NOT_FOUND,
                    to.getLocalpartOrNull() + " is not a telephone number or SIP address")));
            return;
        }
        boolean get = "get".equals(type);
        Element answer = switch (query.namespace()) {
            case Namespaces.DISCO_INFO -> get ? discoInfo(iq, query, service.capsOf(to)) : null;
            case Namespaces.DISCO_ITEMS -> get ? Stanzas.result(iq, Element.builder("query", Namespaces.DISCO_ITEMS)
                    .attribute("node", query.attribute("node")).build()) : null;
            case Namespaces.PING -> get ? Stanzas.result(iq, null) : null;
            case PhoneCaps.GATEWAY -> to.hasLocalpart() ? null : gateway(iq, query, get, service, from, to);
            default -> null;
        };
        outbox.send(answer != null ? answer : Stanzas.error(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE)));
    }

    /** XEP-0115 §6.2: a request for our node#ver gets the same answer, node echoed; any other node is unknown. */
    private static Element discoInfo(Element iq, Element query, EntityCaps caps) {
        String node = query.attribute("node");
        if (node != null && !node.equals(caps.capsNode())) {
            return Stanzas.error(iq, StanzaError.of(Condition.ITEM_NOT_FOUND));
        }
        return Stanzas.result(iq, caps.discoInfo(node));
    }

    /** XEP-0100 §6.3: the prompt, and a dialled number turned into its JID (E.164, so it is the same everywhere). */
    private static Element gateway(Element iq, Element query, boolean get, PhoneService service, Jid from, Jid to) {
        if (get) {
            return Stanzas.result(iq, Element.builder("query", PhoneCaps.GATEWAY)
                    .textChild("desc", "Enter the telephone number to call, international (+33 1 39 63 55 11) or"
                            + " as dialled at home")
                    .textChild("prompt", "Telephone number").build());
        }
        String dialled = query.childText("prompt", PhoneCaps.GATEWAY);
        Optional<E164> number = dialled == null ? Optional.empty()
                : service.dialled(dialled, from);
        if (number.isEmpty()) {
            return Stanzas.error(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, "not a telephone number: " + dialled));
        }
        return Stanzas.result(iq, Element.builder("query", PhoneCaps.GATEWAY)
                .textChild("jid", number.get().value() + "@" + to.getDomain()).build());
    }
}

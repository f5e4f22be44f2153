package org.parloir.xmpp.im;

import java.util.List;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/** Roster items on the wire (RFC 6121 §2.1.2). */
final class RosterXml {

    private RosterXml() {
    }

    static Element item(RosterItem item) {
        Element.Builder b = Element.builder("item", Namespaces.ROSTER).attribute("jid", item.contact())
                .attribute("name", item.name())
                .attribute("subscription", item.subscription().wireValue());
        if (item.pendingOut()) {
            b.attribute("ask", "subscribe");
        }
        if (item.preApproved()) {
            b.attribute("approved", "true");
        }
        item.groups().forEach(g -> b.textChild("group", g));
        return b.build();
    }

    static Element removed(String contact) {
        return Element.builder("item", Namespaces.ROSTER).attribute("jid", contact)
                .attribute("subscription", "remove").build();
    }

    static Element query(List<Element> items, Long version) {
        return Element.builder("query", Namespaces.ROSTER)
                .attribute("ver", version == null ? null : Long.toString(version)).children(items).build();
    }
}

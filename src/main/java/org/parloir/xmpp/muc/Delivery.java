package org.parloir.xmpp.muc;

import java.util.List;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.stanza.Element;

/** How the rooms reach clients: the bound resources of this node (no federation yet). */
final class Delivery {

    private final SessionRegistry registry;

    Delivery(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Whether the resource is bound here (it may have gone while its stanza waited for the room). */
    boolean bound(EntityFullJid jid) {
        return registry.session(jid) != null;
    }

    /** Sends {@code stanza} to one resource, 'to' set; false when it is not bound here. */
    boolean to(EntityFullJid jid, Element stanza) {
        ClientSession s = registry.session(jid);
        if (s == null) {
            return false;
        }
        s.deliver(stanza.withAttribute("to", jid.toString()));
        return true;
    }

    /** Sends {@code stanza} to every available resource of an account; false when none is online. */
    boolean toAccount(BareJid account, Element stanza) {
        List<ClientSession> sessions = registry.available(account);
        for (ClientSession s : sessions) {
            s.deliver(stanza.withAttribute("to", s.jid().toString()));
        }
        return !sessions.isEmpty();
    }
}

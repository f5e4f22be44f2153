package org.parloir.xmpp.im;

import org.jxmpp.jid.Jid;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.Component;
import org.parloir.xmpp.stanza.Element;

/**
 * Where presence the server sends on a user's behalf ends up: a local account's available resources, one of its
 * resources, or a component (a contact on a service domain such as {@code phone.example.org}). Blocking (XEP-0191)
 * is applied on the receiving side.
 */
final class PresenceDelivery {

    private final Im im;

    PresenceDelivery(Im im) {
        this.im = im;
    }

    /**
     * @param presence 'from' and 'to' set
     * @param target   the receiving account or component address
     * @param fullJid  the one resource it goes to, or null for all available resources of an account
     */
    void deliver(Element presence, Jid target, String fullJid) {
        String domain = target.getDomain().toString();
        Component component = im.components().find(domain);
        if (component != null) {
            component.fromServer(presence);
            return;
        }
        if (!im.addressing().isLocal(domain)) {
            return;
        }
        String account = target.asBareJid().toString();
        Jid from = Im.jid(presence.attribute("from"));
        if (from != null && im.blocklists().blocks(account, from)) {
            return;
        }
        if (fullJid != null) {
            ClientSession s = im.registry().session(Im.jid(fullJid));
            if (s != null) {
                s.deliver(presence);
            }
            return;
        }
        im.toAvailable(account, presence);
    }

    /** Is this address on one of our component domains? */
    boolean isComponent(Jid address) {
        return address != null && im.components().find(address.getDomain().toString()) != null;
    }
}

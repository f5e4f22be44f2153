package org.parloir.xmpp.router;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.parloir.xmpp.stanza.Element;

/**
 * An IQ request for a handler.
 *
 * @param session the requesting resource
 * @param domain  the domain the request is for (the server's or the target account's)
 * @param account the account addressed, or null when the request is for the server
 * @param iq      the request, 'from' stamped with the requester's full JID
 */
public record IqRequest(ClientSession session, DomainBareJid domain, BareJid account, Element iq) {

    /** The payload element. */
    public Element payload() {
        return iq.elements().get(0);
    }

    /** Whether the request is about the requester's own account. */
    public boolean own() {
        return account != null && account.equals(session.jid().asBareJid());
    }
}

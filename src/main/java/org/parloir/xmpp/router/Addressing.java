package org.parloir.xmpp.router;

import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.core.DomainsProperties;

/** Resolves a {@code to} address to a {@link Route}: pure, no I/O. */
public final class Addressing {

    private final DomainsProperties domains;

    public Addressing(DomainsProperties domains) {
        this.domains = domains;
    }

    /** {@code to} may be null: a stanza without 'to' is for the sender's own account (RFC 6120 §10.3). */
    public Route resolve(String to, Jid sender) {
        Jid jid;
        if (to == null) {
            jid = sender.asBareJid();
        } else {
            try {
                jid = JidCreate.from(to);
            } catch (XmppStringprepException | IllegalArgumentException e) {
                return new Route.Malformed(to);
            }
        }
        return resolve(jid);
    }

    public Route resolve(Jid jid) {
        if (!domains.isLocal(jid.getDomain().toString())) {
            return new Route.Remote(jid.asDomainBareJid());
        }
        if (!jid.hasLocalpart()) {
            return new Route.Server(jid.asDomainBareJid());
        }
        if (jid.asEntityFullJidIfPossible() != null) {
            return new Route.Resource(jid.asEntityFullJidIfPossible());
        }
        return new Route.Account(jid.asBareJid());
    }

    public boolean isLocal(String domain) {
        return domains.isLocal(domain);
    }
}

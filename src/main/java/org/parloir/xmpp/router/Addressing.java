package org.parloir.xmpp.router;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.core.DomainsProperties;

/** Resolves a {@code to} address to a {@link Route}: pure, no I/O. */
public final class Addressing {

    private final DomainsProperties domains;
    private final Set<String> componentDomains;

    /** {@code componentDomains}: the domains our components serve (e.g. {@code conference.example.org}). */
    public Addressing(DomainsProperties domains, Set<String> componentDomains) {
        this.domains = domains;
        this.componentDomains = componentDomains.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
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
        if (componentDomains.contains(jid.getDomain().toString())) {
            return new Route.Component(jid);
        }
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

package org.parloir.xmpp.router;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

/** Where an address points, as far as routing is concerned (RFC 6120 §10.3-10.5). */
public sealed interface Route {

    /** One of our domains itself (or a resource of it): the server answers. */
    record Server(DomainBareJid domain) implements Route {
    }

    /** An account of one of our domains, addressed by bare JID. */
    record Account(BareJid bare) implements Route {
    }

    /** A resource of an account of one of our domains. */
    record Resource(EntityFullJid full) implements Route {
    }

    /**
     * An address on the domain of one of our components (a XEP-0045 chat service): the service itself, a room or
     * an occupant. The component answers everything sent there.
     */
    record Component(Jid address) implements Route {
    }

    /** Another domain (federation). */
    record Remote(DomainBareJid domain) implements Route {
    }

    /** The address does not parse (RFC 6120 §8.3.3.8 jid-malformed). */
    record Malformed(String address) implements Route {
    }
}

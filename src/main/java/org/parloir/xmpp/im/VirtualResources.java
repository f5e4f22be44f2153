package org.parloir.xmpp.im;

import java.util.function.Supplier;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.parloir.xmpp.api.VirtualPresence;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.spi.VirtualResource;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of a {@link VirtualResource} (at most one, the Jingle bridge's): which addresses are it, which
 * messages it sees, its presence in probes and broadcasts, and the outbox it answers through. Without one every
 * method is a no-op and {@link #addresses} is false.
 */
final class VirtualResources implements VirtualPresence {

    private static final Logger log = LoggerFactory.getLogger(VirtualResources.class);

    private final Im im;
    private final Supplier<VirtualResource> lookup;
    private final PresenceDelivery delivery;
    private final VirtualResource.Outbox outbox = this::send;
    /** Set once wiring is done (the message handler needs this object first). */
    private volatile MessageHandler messages;
    private volatile VirtualResource resolved;

    /** @param lookup the other context's resource, looked up when first needed (null when there is none) */
    VirtualResources(Im im, Supplier<VirtualResource> lookup, PresenceDelivery delivery) {
        this.im = im;
        this.lookup = lookup;
        this.delivery = delivery;
    }

    void messages(MessageHandler handler) {
        this.messages = handler;
    }

    private VirtualResource resource() {
        VirtualResource r = resolved;
        if (r == null) {
            r = lookup.get();
            resolved = r;
        }
        return r;
    }

    /** Is {@code jid} the virtual resource of an account of ours? */
    boolean addresses(Jid jid) {
        VirtualResource r = resource();
        return r != null && jid != null && jid.hasLocalpart() && jid.hasResource()
                && r.resource().equals(jid.getResourceOrEmpty().toString())
                && im.addressing().isLocal(jid.getDomain().toString());
    }

    /**
     * A client's message routed to an account or one of its resources ('from' stamped): the resource sees it when
     * it carries a payload it wants and the addressed account does not block the sender (XEP-0191 §3.4).
     */
    void observe(Element message, ClientSession sender) {
        VirtualResource r = resource();
        if (r == null || "error".equals(message.attribute("type"))) {
            return;
        }
        boolean wanted = false;
        for (Element child : message.elements()) {
            if (r.messageNamespaces().contains(child.namespace())) {
                wanted = true;
                break;
            }
        }
        Jid to = Im.jid(message.attribute("to"));
        if (!wanted || to == null || !to.hasLocalpart()) {
            return;
        }
        if (im.blocklists().blocksCached(to.asBareJid().toString(), sender.jid()) == Boolean.TRUE) {
            return;
        }
        r.message(message, outbox);
    }

    /** A client's IQ to the virtual resource of an account ('from' stamped). */
    void iq(Element iq, ClientSession sender) {
        VirtualResource r = resource();
        Jid to = Im.jid(iq.attribute("to"));
        if (r != null && to != null
                && im.blocklists().blocksCached(to.asBareJid().toString(), sender.jid()) != Boolean.TRUE) {
            r.iq(iq, outbox);
        } else if ("get".equals(iq.attribute("type")) || "set".equals(iq.attribute("type"))) {
            sender.deliver(Stanzas.error(iq, org.parloir.xmpp.stanza.StanzaError.of(
                    org.parloir.xmpp.stanza.StanzaError.Condition.SERVICE_UNAVAILABLE)));
        }
    }

    void gone(ClientSession session) {
        VirtualResource r = resource();
        if (r != null) {
            r.resourceGone(session.jid().toString());
        }
    }

    /** The resource's current presence as the account's contact sees it, or null while it is not available. */
    Element presenceOf(BareJid account, String to) {
        VirtualResource r = resource();
        Element p = r == null ? null : r.presence(account.toString());
        return p == null ? null : p.withAttribute("from", account + "/" + r.resource()).withAttribute("to", to);
    }

    @Override
    public void changed(String bareJid) {
        VirtualResource r = resource();
        if (r == null) {
            return;
        }
        BareJid account;
        try {
            account = Im.bare(bareJid);
        } catch (IllegalArgumentException e) {
            return;
        }
        // the roster is read in the owner's serialised work, as for a client's broadcast
        im.serial().submitEssential(bareJid, () -> {
            String from = account + "/" + r.resource();
            Element available = r.presence(bareJid);
            Element presence = available != null ? available.withAttribute("from", from)
                    : Element.builder("presence", Namespaces.CLIENT).attribute("from", from)
                    .attribute("type", "unavailable").build();
            for (RosterItem item : im.rosters().of(bareJid).all()) {
                if (item.subscription().hasFrom()) {
                    Jid contact = Im.bare(item.contact());
                    if (!im.blocklists().blocks(bareJid, contact)) {
                        delivery.deliver(presence.withAttribute("to", item.contact()), contact, null);
                    }
                }
            }
            im.toAvailable(bareJid, presence); // RFC 6121 §4.2.2: the account's own resources
            log.debug("{}: presence {}", from, available != null ? "available" : "unavailable");
        });
    }

    /** The resource's outbox: messages and IQs from {@code <local account>/<resource>} to local users. */
    private void send(Element stanza) {
        VirtualResource r = resource();
        Jid from = Im.jid(stanza.attribute("from"));
        Jid to = Im.jid(stanza.attribute("to"));
        if (r == null || !addresses(from) || to == null || !to.hasLocalpart()
                || !im.addressing().isLocal(to.getDomain().toString())) {
            log.warn("dropped a {} from {} to {}: not from a virtual resource to a local user", stanza.name(),
                    stanza.attribute("from"), stanza.attribute("to"));
            return;
        }
        if (Stanzas.isMessage(stanza)) {
            messages.fromVirtual(stanza, from.asBareJid(), to);
        } else if (Stanzas.isIq(stanza)) {
            ClientSession target = to.hasResource() ? im.registry().session(to) : null;
            if (target != null) {
                target.deliver(stanza);
            }
        }
    }
}

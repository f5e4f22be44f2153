package org.parloir.xmpp.im;

import java.util.List;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.parloir.xmpp.im.SubscriptionRules.Request;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.Component;
import org.parloir.xmpp.router.Route;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * Presence (RFC 6121 §4): broadcast, probes and directed presence; subscription stanzas go to
 * {@link Subscriptions}. Every method runs in the serialised work of the account whose presence it sends.
 */
final class PresenceHandler {

    private final Im im;
    private final OfflineDelivery offline;
    private final PresenceDelivery delivery;
    private final Subscriptions subscriptions;
    private final CapsDiscovery caps;
    private final VirtualResources virtual;

    PresenceHandler(Im im, OfflineDelivery offline, PresenceDelivery delivery, Subscriptions subscriptions,
                    CapsDiscovery caps, VirtualResources virtual) {
        this.virtual = virtual;
        this.im = im;
        this.offline = offline;
        this.delivery = delivery;
        this.subscriptions = subscriptions;
        this.caps = caps;
    }

    /** A presence from a client; runs in the sender's serialised work. */
    void outbound(ClientSession session, Element presence, Route route) {
        String type = presence.attribute("type");
        String user = session.jid().asBareJid().toString();
        if (presence.attribute("to") == null) {
            if (type == null) {
                available(session, presence);
            } else if ("unavailable".equals(type)) {
                unavailable(session, presence);
            }
            // a probe or error without 'to' means nothing
            return;
        }
        switch (route) {
            case Route.Malformed m -> {
                if (!"error".equals(type)) {
                    session.deliver(Stanzas.error(presence, StanzaError.of(StanzaError.Condition.JID_MALFORMED)));
                }
            }
            case Route.Remote r -> {
                if (!"error".equals(type) && !"unavailable".equals(type)) {
                    session.deliver(Stanzas.error(presence,
                            StanzaError.of(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND, "no federation yet")));
                }
            }
            case Route.Server s -> { }
            case Route.Component c -> {
                if (Request.of(type).isPresent()) {
                    // a contact on a service domain (a telephone number): the roster keeps the subscription
                    subscriptionOrDirected(session, user, presence, type, c.address().asBareJid(),
                            c.address().asBareJid().toString());
                } else {
                    toComponent(session, presence, c);
                }
            }
            case Route.Account a -> subscriptionOrDirected(session, user, presence, type, a.bare(), presence.attribute("to"));
            case Route.Resource r -> subscriptionOrDirected(session, user, presence, type, r.full().asBareJid(),
                    r.full().toString());
        }
    }

    private void subscriptionOrDirected(ClientSession session, String user, Element presence, String type,
                                        BareJid contactJid, String to) {
        String contact = contactJid.toString();
        Optional<Request> request = Request.of(type);
        if (request.isPresent()) {
            // RFC 6121 §3.1.2: subscription stanzas are stamped with the bare JIDs
            Element stamped = presence.withAttribute("from", user).withAttribute("to", contact);
            subscriptions.outbound(user, contact, request.get(), stamped);
            return;
        }
        if ("probe".equals(type)) {
            return;
        }
        if (im.blocklists().blocks(user, contactJid)) {
            session.deliver(Stanzas.error(presence, StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE)
                    .withExtra(Element.of("blocked", Namespaces.BLOCKING_ERRORS))));
            return;
        }
        // directed presence (RFC 6121 §4.6)
        RosterItem item = im.rosters().of(user).item(contact);
        if (!item.subscription().hasFrom()) {
            directed(session, to, type);
        }
        delivery.deliver(presence.withAttribute("to", to), contactJid, to.contains("/") ? to : null);
    }

    /** Remembers where directed presence went, so that unavailable follows it (RFC 6121 §4.6.3). */
    private static void directed(ClientSession session, String to, String type) {
        if ("unavailable".equals(type)) {
            session.presence().directedTo().remove(to);
        } else {
            session.presence().directedTo().add(to);
        }
    }

    /**
     * Directed presence to a component address (a XEP-0045 room). Probes from a client mean nothing there and are
     * dropped; subscriptions go through {@link #outbound}. Runs on the sender's connection thread, so that it
     * reaches the room in order with the sender's messages.
     */
    void toComponent(ClientSession session, Element presence, Route.Component target) {
        String type = presence.attribute("type");
        if ("probe".equals(type) || Request.of(type).isPresent()) {
            return;
        }
        if (!"error".equals(type)) {
            directed(session, target.address().toString(), type);
        }
        im.components().find(target.address().getDomain().toString()).fromClient(session, presence);
    }

    // ---- broadcast (RFC 6121 §4.2-4.5) ----

    private void available(ClientSession session, Element presence) {
        String user = session.jid().asBareJid().toString();
        Element stamped = presence.withAttribute("to", null);
        session.presence().available(stamped);
        caps.announced(session, stamped);
        boolean initial = session.presence().markInitialSent();
        UserRoster roster = im.rosters().of(user);
        broadcast(session, stamped, roster);
        if (initial) {
            probe(session, roster);
            for (RosterItem item : roster.all()) {
                if (item.pendingIn()) {
                    // RFC 6121 §3.1.3: pending requests are delivered again at each login
                    session.deliver(Element.builder("presence", Namespaces.CLIENT).attribute("type", "subscribe")
                            .attribute("from", item.contact()).attribute("to", user)
                            .child(item.pendingInStatus() == null ? null : Element.builder("status", Namespaces.CLIENT)
                                    .text(item.pendingInStatus()).build()).build());
                }
            }
            if (session.presence().priority() >= 0) {
                offline.deliverStored(session);
            }
        }
    }

    private void broadcast(ClientSession session, Element presence, UserRoster roster) {
        String user = roster.owner();
        for (RosterItem item : roster.all()) {
            if (item.subscription().hasFrom()) {
                Jid contact = Im.bare(item.contact());
                if (!im.blocklists().blocks(user, contact)) {
                    delivery.deliver(presence.withAttribute("to", item.contact()), contact, null);
                }
            }
        }
        // the user's own resources, the sender included (RFC 6121 §4.2.2)
        for (ClientSession own : im.registry().available(session.jid().asBareJid())) {
            own.deliver(presence.withAttribute("to", own.jid().toString()));
        }
    }

    /** Presence of the contacts this user subscribes to, answered locally (RFC 6121 §4.3). */
    private void probe(ClientSession session, UserRoster roster) {
        for (RosterItem item : roster.all()) {
            if (item.subscription().hasTo()) {
                BareJid contact = Im.bare(item.contact());
                if (im.blocklists().blocks(roster.owner(), contact)) {
                    continue;
                }
                if (delivery.isComponent(contact)) {
                    // the component answers with its current presence (RFC 6121 §4.3.2)
                    im.components().find(contact.getDomain().toString()).fromServer(Element.builder("presence",
                            Namespaces.CLIENT).attribute("type", "probe").attribute("from", session.jid().toString())
                            .attribute("to", contact.toString()).build());
                    continue;
                }
                if (!im.addressing().isLocal(contact.getDomain().toString())) {
                    continue;
                }
                if (im.blocklists().blocks(item.contact(), session.jid())) {
                    continue;
                }
                for (ClientSession theirs : im.registry().available(contact)) {
                    if (theirs != session) {
                        deliverCurrent(theirs, session.jid().toString(), session);
                    }
                }
                Element phones = virtual.presenceOf(contact, session.jid().toString());
                if (phones != null) {
                    session.deliver(phones); // the contact's SIP phones, as a resource (issue 11)
                }
            }
        }
        for (ClientSession own : im.registry().available(session.jid().asBareJid())) {
            if (own != session) {
                deliverCurrent(own, session.jid().toString(), session);
            }
        }
        Element phones = virtual.presenceOf(session.jid().asBareJid(), session.jid().toString());
        if (phones != null) {
            session.deliver(phones); // RFC 6121 §4.2.2: the user's own other resources
        }
    }

    /** The current presence of {@code from}, if it still has one (another account's state: read once). */
    private static void deliverCurrent(ClientSession from, String to, ClientSession target) {
        Element current = from.presence().available();
        if (current != null) {
            target.deliver(current.withAttribute("to", to));
        }
    }

    private void unavailable(ClientSession session, Element presence) {
        Element stamped = presence.withAttribute("to", null);
        if (session.presence().isAvailable()) {
            UserRoster roster = im.rosters().of(session.jid().asBareJid().toString());
            broadcast(session, stamped, roster);
            session.presence().available(null);
        }
        // RFC 6121 §4.6.3: whoever got directed presence learns of the end, broadcast or not
        List<String> directedTo = List.copyOf(session.presence().directedTo());
        for (String directed : directedTo) {
            Jid target = Im.jid(directed);
            Component component = target == null ? null : im.components().find(target.getDomain().toString());
            if (component != null) {
                // XEP-0045 §7.14: going offline is leaving the rooms
                component.fromClient(session, stamped.withAttribute("to", directed));
            } else if (target != null) {
                delivery.deliver(stamped.withAttribute("to", directed), target.asBareJid(),
                        directed.contains("/") ? directed : null);
            }
        }
        // only those: a room joined meanwhile (from the connection's thread) stays
        session.presence().directedTo().removeAll(directedTo);
    }

    /** The session is gone: unavailable to everyone who had its presence (RFC 6121 §4.5.2). */
    void ended(ClientSession session) {
        if (session.presence().isAvailable() || !session.presence().directedTo().isEmpty()) {
            unavailable(session, Element.builder("presence", Namespaces.CLIENT).attribute("type", "unavailable")
                    .attribute("from", session.jid().toString()).build());
        }
    }
}

package org.parloir.xmpp.im;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.Component;
import org.parloir.xmpp.router.Route;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * Presence and subscriptions (RFC 6121 §3, §4): broadcast, probes, directed presence, and the subscription state
 * machine of Appendix A, outbound on the user's side and inbound on the contact's side. Every method runs in the
 * serialised work of the account whose roster it changes.
 */
final class PresenceHandler {

    private final Im im;
    private final OfflineDelivery offline;

    PresenceHandler(Im im, OfflineDelivery offline) {
        this.im = im;
        this.offline = offline;
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
            case Route.Component c -> toComponent(session, presence, c);
            case Route.Account a -> subscriptionOrDirected(session, user, presence, type, a.bare(), presence.attribute("to"));
            case Route.Resource r -> subscriptionOrDirected(session, user, presence, type, r.full().asBareJid(),
                    r.full().toString());
        }
    }

    private void subscriptionOrDirected(ClientSession session, String user, Element presence, String type,
                                        BareJid contactJid, String to) {
        String contact = contactJid.toString();
        if (type != null && isSubscription(type)) {
            // RFC 6121 §3.1.2: subscription stanzas are stamped with the bare JIDs
            Element stamped = presence.withAttribute("from", user).withAttribute("to", contact);
            outboundSubscription(user, contact, type, stamped);
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
        deliverPresence(presence.withAttribute("to", to), contactJid, to.contains("/") ? to : null);
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
     * Presence to a component address (a XEP-0045 room): directed presence the component handles. Subscriptions
     * and probes mean nothing to a chat room and are dropped. Runs on the sender's connection thread, so that it
     * reaches the room in order with the sender's messages.
     */
    void toComponent(ClientSession session, Element presence, Route.Component target) {
        String type = presence.attribute("type");
        if (type != null && (isSubscription(type) || "probe".equals(type))) {
            return;
        }
        if (!"error".equals(type)) {
            directed(session, target.address().toString(), type);
        }
        im.components().find(target.address().getDomain().toString()).fromClient(session, presence);
    }

    private static boolean isSubscription(String type) {
        return switch (type) {
            case "subscribe", "subscribed", "unsubscribe", "unsubscribed" -> true;
            default -> false;
        };
    }

    // ---- broadcast (RFC 6121 §4.2-4.5) ----

    private void available(ClientSession session, Element presence) {
        String user = session.jid().asBareJid().toString();
        Element stamped = presence.withAttribute("to", null);
        session.presence().available(stamped);
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
                    deliverPresence(presence.withAttribute("to", item.contact()), contact, null);
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
                if (im.blocklists().blocks(roster.owner(), contact)
                        || !im.addressing().isLocal(contact.getDomain().toString())) {
                    continue;
                }
                for (ClientSession theirs : im.registry().available(contact)) {
                    if (theirs != session && !im.blocklists().blocks(item.contact(), session.jid())) {
                        deliverCurrent(theirs, session.jid().toString(), session);
                    }
                }
            }
        }
        for (ClientSession own : im.registry().available(session.jid().asBareJid())) {
            if (own != session) {
                deliverCurrent(own, session.jid().toString(), session);
            }
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
                deliverPresence(stamped.withAttribute("to", directed), target.asBareJid(),
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

    /** Delivers a presence to a local account (all available resources) or one resource, unless blocked. */
    private void deliverPresence(Element presence, Jid target, String fullJid) {
        if (!im.addressing().isLocal(target.getDomain().toString())) {
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

    // ---- subscriptions, user side (RFC 6121 §3.1.2, 3.2.2, 3.3.2, 3.4) ----

    private void outboundSubscription(String user, String contact, String type, Element stanza) {
        UserRoster roster = im.rosters().of(user);
        RosterItem item = roster.item(contact);
        RosterItem next = item;
        boolean route = true;
        switch (type) {
            case "subscribe" -> {
                if (!item.subscription().hasTo()) {
                    next = item.withPendingOut(true).withItem(item.name(), item.groups());
                }
            }
            case "subscribed" -> {
                if (item.subscription().hasFrom()) {
                    route = false;
                } else if (item.pendingIn()) {
                    next = item.withSubscription(item.subscription().withFrom(true)).withPendingIn(false, null)
                            .withItem(item.name(), item.groups());
                } else {
                    // RFC 6121 §3.4: pre-approval, not routed; the item shows it (approved='true')
                    next = item.withPreApproved(true).withItem(item.name(), item.groups());
                    route = false;
                }
            }
            case "unsubscribe" -> {
                next = item.withSubscription(item.subscription().withTo(false)).withPendingOut(false);
            }
            case "unsubscribed" -> {
                route = item.subscription().hasFrom() || item.pendingIn() || item.preApproved();
                next = item.withSubscription(item.subscription().withFrom(false)).withPendingIn(false, null)
                        .withPreApproved(false);
            }
            default -> throw new IllegalArgumentException(type);
        }
        if (!next.equals(item)) {
            long version = roster.put(next);
            if (next.inRoster() || item.inRoster()) {
                im.push(user, next, version);
            }
        }
        if ("subscribed".equals(type) && route) {
            // the contact now receives the user's presence
            for (ClientSession s : im.registry().available(Im.bare(user))) {
                Element current = s.presence().available();
                if (current != null) {
                    deliverPresence(current.withAttribute("to", contact), Im.bare(contact), null);
                }
            }
        }
        if ("unsubscribed".equals(type) && route && item.subscription().hasFrom()) {
            for (ClientSession s : im.registry().available(Im.bare(user))) {
                deliverPresence(Element.builder("presence", Namespaces.CLIENT).attribute("type", "unavailable")
                        .attribute("from", s.jid().toString()).attribute("to", contact).build(), Im.bare(contact), null);
            }
        }
        if (route) {
            routeSubscription(user, contact, type, stanza);
        }
    }

    /** Hands a subscription stanza to the contact's serialised work; the future completes when it was handled. */
    private CompletableFuture<Void> routeSubscription(String user, String contact, String type, Element stanza) {
        BareJid contactJid = Im.bare(contact);
        if (!im.addressing().isLocal(contactJid.getDomain().toString())) {
            return CompletableFuture.completedFuture(null);
        }
        return im.serial().submitEssential(contact, () -> inboundSubscription(user, contact, type, stanza));
    }

    // ---- subscriptions, contact side (RFC 6121 §3.1.3, 3.1.6, 3.2.3, 3.3.3) ----

    /** {@code user} sent {@code type} to {@code contact}; runs in the contact's serialised work. */
    private void inboundSubscription(String user, String contact, String type, Element stanza) {
        if (im.blocklists().blocks(contact, Im.bare(user))) {
            return;
        }
        if (!exists(contact)) {
            if ("subscribe".equals(type)) {
                reply(contact, user, "unsubscribed");
            }
            return;
        }
        UserRoster roster = im.rosters().of(contact);
        RosterItem item = roster.item(user);
        switch (type) {
            case "subscribe" -> {
                if (item.subscription().hasFrom()) {
                    reply(contact, user, "subscribed");
                } else if (item.preApproved()) {
                    RosterItem next = item.withSubscription(item.subscription().withFrom(true))
                            .withPreApproved(false).withItem(item.name(), item.groups());
                    im.push(contact, next, roster.put(next));
                    reply(contact, user, "subscribed");
                    for (ClientSession s : im.registry().available(Im.bare(contact))) {
                        Element current = s.presence().available();
                        if (current != null) {
                            deliverPresence(current.withAttribute("to", user), Im.bare(user), null);
                        }
                    }
                } else {
                    String status = stanza.childText("status", Namespaces.CLIENT);
                    if (!item.pendingIn()) {
                        roster.put(item.withPendingIn(true, status));
                    }
                    im.toAvailable(contact, stanza);
                }
            }
            case "subscribed" -> {
                if (item.pendingOut()) {
                    RosterItem next = item.withSubscription(item.subscription().withTo(true)).withPendingOut(false);
                    im.push(contact, next, roster.put(next));
                    im.toAvailable(contact, stanza);
                }
            }
            case "unsubscribe" -> {
                if (item.subscription().hasFrom() || item.pendingIn()) {
                    RosterItem next = item.withSubscription(item.subscription().withFrom(false)).withPendingIn(false, null);
                    long version = roster.put(next);
                    if (next.inRoster()) {
                        im.push(contact, next, version);
                    }
                    im.toAvailable(contact, stanza);
                    if (item.subscription().hasFrom()) {
                        for (ClientSession s : im.registry().available(Im.bare(contact))) {
                            deliverPresence(Element.builder("presence", Namespaces.CLIENT).attribute("type",
                                    "unavailable").attribute("from", s.jid().toString()).attribute("to", user)
                                    .build(), Im.bare(user), null);
                        }
                    }
                }
            }
            case "unsubscribed" -> {
                if (item.subscription().hasTo() || item.pendingOut()) {
                    RosterItem next = item.withSubscription(item.subscription().withTo(false)).withPendingOut(false);
                    long version = roster.put(next);
                    if (next.inRoster()) {
                        im.push(contact, next, version);
                    }
                    im.toAvailable(contact, stanza);
                    // RFC 6121 §3.2.3: the user stops seeing the contact's resources
                    for (ClientSession s : im.registry().available(Im.bare(user))) {
                        im.toAvailable(contact, Element.builder("presence", Namespaces.CLIENT)
                                .attribute("type", "unavailable").attribute("from", s.jid().toString()).build());
                    }
                }
            }
            default -> { }
        }
    }

    /** An automatic answer from {@code from} (the contact's server on its behalf) to {@code to}. */
    private void reply(String from, String to, String type) {
        Element answer = Element.builder("presence", Namespaces.CLIENT).attribute("type", type)
                .attribute("from", from).attribute("to", to).build();
        im.serial().submitEssential(to, () -> inboundSubscription(from, to, type, answer));
    }

    private boolean exists(String account) {
        return AccountExistence.exists(im, account);
    }

    /**
     * Roster removal (RFC 6121 §2.5.2): cancel both directions as unsubscribe/unsubscribed would. The future
     * completes once the contact's side has handled them.
     */
    CompletableFuture<Void> removedFromRoster(String user, RosterItem item) {
        String contact = item.contact();
        CompletableFuture<Void> unsubscribe = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> unsubscribed = CompletableFuture.completedFuture(null);
        if (item.subscription().hasTo() || item.pendingOut()) {
            unsubscribe = routeSubscription(user, contact, "unsubscribe", Element.builder("presence",
                    Namespaces.CLIENT).attribute("type", "unsubscribe").attribute("from", user)
                    .attribute("to", contact).build());
        }
        if (item.subscription().hasFrom() || item.pendingIn()) {
            unsubscribed = routeSubscription(user, contact, "unsubscribed", Element.builder("presence",
                    Namespaces.CLIENT).attribute("type", "unsubscribed").attribute("from", user)
                    .attribute("to", contact).build());
            if (item.subscription().hasFrom()) {
                for (ClientSession s : im.registry().available(Im.bare(user))) {
                    deliverPresence(Element.builder("presence", Namespaces.CLIENT).attribute("type", "unavailable")
                            .attribute("from", s.jid().toString()).attribute("to", contact).build(),
                            Im.bare(contact), null);
                }
            }
        }
        return CompletableFuture.allOf(unsubscribe, unsubscribed);
    }
}

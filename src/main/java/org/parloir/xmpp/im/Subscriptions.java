package org.parloir.xmpp.im;

import java.util.concurrent.CompletableFuture;
import org.jxmpp.jid.BareJid;
import org.parloir.xmpp.im.SubscriptionRules.Inbound;
import org.parloir.xmpp.im.SubscriptionRules.Outbound;
import org.parloir.xmpp.im.SubscriptionRules.Request;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.Component;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/**
 * Carries out {@link SubscriptionRules}: roster writes and pushes, routing to the contact's side, automatic answers
 * and the presence a change of subscription sends (RFC 6121 §3). A contact is a local account or an address of a
 * component (a telephone number of {@code phone.<domain>}); a component's answers come back through
 * {@link #inbound}, as a local contact's do.
 */
final class Subscriptions {

    private final Im im;
    private final PresenceDelivery delivery;
    private final VirtualResources virtual;

    Subscriptions(Im im, PresenceDelivery delivery, VirtualResources virtual) {
        this.im = im;
        this.delivery = delivery;
        this.virtual = virtual;
    }

    /** The user sent a subscription stanza, stamped with both bare JIDs; runs in the user's serialised work. */
    void outbound(String user, String contact, Request request, Element stanza) {
        UserRoster roster = im.rosters().of(user);
        RosterItem item = roster.item(contact);
        Outbound outcome = SubscriptionRules.outbound(item, request);
        if (!outcome.next().equals(item)) {
            long version = roster.put(outcome.next());
            if (outcome.push()) {
                im.push(user, outcome.next(), version);
            }
        }
        if (outcome.sendPresence()) {
            // the contact now receives the user's presence
            for (ClientSession s : im.registry().available(Im.bare(user))) {
                Element current = s.presence().available();
                if (current != null) {
                    delivery.deliver(current.withAttribute("to", contact), Im.bare(contact), null);
                }
            }
            Element phones = virtual.presenceOf(Im.bare(user), contact);
            if (phones != null) {
                delivery.deliver(phones, Im.bare(contact), null);
            }
        }
        if (outcome.sendUnavailable()) {
            unavailableFromResources(user, contact);
        }
        if (outcome.route()) {
            route(user, contact, request, stanza);
        }
    }

    /** Hands a subscription stanza to the contact's side; the future completes when it was handled there. */
    private CompletableFuture<Void> route(String user, String contact, Request request, Element stanza) {
        BareJid contactJid = Im.bare(contact);
        Component component = im.components().find(contactJid.getDomain().toString());
        if (component != null) {
            component.fromServer(stanza);
            return CompletableFuture.completedFuture(null);
        }
        if (!im.addressing().isLocal(contactJid.getDomain().toString())) {
            return CompletableFuture.completedFuture(null);
        }
        return im.serial().submitEssential(contact, () -> inbound(user, contact, request, stanza));
    }

    /**
     * {@code sender} (an account or a component address) sent a subscription stanza to the local account
     * {@code contact}; runs in the contact's serialised work.
     */
    void inbound(String sender, String contact, Request request, Element stanza) {
        if (im.blocklists().blocks(contact, Im.bare(sender))) {
            return;
        }
        if (!AccountExistence.exists(im, contact)) {
            if (request == Request.SUBSCRIBE) {
                reply(contact, sender, Request.UNSUBSCRIBED);
            }
            return;
        }
        UserRoster roster = im.rosters().of(contact);
        RosterItem item = roster.item(sender);
        Inbound outcome = SubscriptionRules.inbound(item, request, stanza.childText("status", Namespaces.CLIENT));
        if (outcome.write()) {
            long version = roster.put(outcome.next());
            if (outcome.push()) {
                im.push(contact, outcome.next(), version);
            }
        }
        if (outcome.autoReply() != null) {
            reply(contact, sender, outcome.autoReply());
        }
        if (outcome.deliver()) {
            im.toAvailable(contact, stanza);
        }
        if (outcome.sendPresence()) {
            for (ClientSession s : im.registry().available(Im.bare(contact))) {
                Element current = s.presence().available();
                if (current != null) {
                    delivery.deliver(current.withAttribute("to", sender), Im.bare(sender), null);
                }
            }
            Element phones = virtual.presenceOf(Im.bare(contact), sender);
            if (phones != null) {
                delivery.deliver(phones, Im.bare(sender), null);
            }
        }
        if (outcome.sendUnavailable()) {
            unavailableFromResources(contact, sender);
        }
        if (outcome.revokeSenderPresence()) {
            // RFC 6121 §3.2.3: the contact stops seeing the sender's resources
            if (delivery.isComponent(Im.bare(sender))) {
                im.toAvailable(contact, unavailable(sender));
            }
            for (ClientSession s : im.registry().available(Im.bare(sender))) {
                im.toAvailable(contact, unavailable(s.jid().toString()));
            }
            Element phones = virtual.presenceOf(Im.bare(sender), contact);
            if (phones != null) {
                im.toAvailable(contact, unavailable(phones.attribute("from")));
            }
        }
    }

    /** An automatic answer from {@code from} (its server on its behalf) to {@code to}. */
    private void reply(String from, String to, Request request) {
        route(from, to, request, stanza(from, to, request));
    }

    private void unavailableFromResources(String user, String contact) {
        for (ClientSession s : im.registry().available(Im.bare(user))) {
            delivery.deliver(unavailable(s.jid().toString()).withAttribute("to", contact), Im.bare(contact), null);
        }
        Element phones = virtual.presenceOf(Im.bare(user), contact);
        if (phones != null) {
            delivery.deliver(unavailable(phones.attribute("from")).withAttribute("to", contact), Im.bare(contact),
                    null);
        }
    }

    private static Element unavailable(String from) {
        return Element.builder("presence", Namespaces.CLIENT).attribute("type", "unavailable")
                .attribute("from", from).build();
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
            unsubscribe = route(user, contact, Request.UNSUBSCRIBE, stanza(user, contact, Request.UNSUBSCRIBE));
        }
        if (item.subscription().hasFrom() || item.pendingIn()) {
            unsubscribed = route(user, contact, Request.UNSUBSCRIBED, stanza(user, contact, Request.UNSUBSCRIBED));
            if (item.subscription().hasFrom()) {
                unavailableFromResources(user, contact);
            }
        }
        return CompletableFuture.allOf(unsubscribe, unsubscribed);
    }

    private static Element stanza(String from, String to, Request request) {
        return Element.builder("presence", Namespaces.CLIENT).attribute("type", request.wireValue())
                .attribute("from", from).attribute("to", to).build();
    }
}

package org.parloir.xmpp.im;

import java.util.Optional;
import org.jxmpp.jid.Jid;
import org.parloir.xmpp.im.SubscriptionRules.Request;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stanzas from the services on our component domains to local users, with the processing the receiving user's
 * server owes them: RFC 6121 §3 for subscriptions (in the user's serialised work), §4 for presence, §8.5 for
 * messages (a message to the bare JID follows the account's delivery rules, offline storage included), and RFC
 * 6120 §10.5.4 for IQs (only to a full JID that is online).
 */
final class ServiceOutbox implements StanzaOutbox {

    private static final Logger log = LoggerFactory.getLogger(ServiceOutbox.class);

    private final Im im;
    private final Subscriptions subscriptions;
    private final PresenceDelivery presence;
    private final MessageHandler messages;

    ServiceOutbox(Im im, Subscriptions subscriptions, PresenceDelivery presence, MessageHandler messages) {
        this.im = im;
        this.subscriptions = subscriptions;
        this.presence = presence;
        this.messages = messages;
    }

    @Override
    public void send(Element stanza) {
        Jid from = Im.jid(stanza.attribute("from"));
        Jid to = Im.jid(stanza.attribute("to"));
        if (from == null || !presence.isComponent(from) || to == null || !to.hasLocalpart()
                || !im.addressing().isLocal(to.getDomain().toString())) {
            log.warn("dropped a {} from {} to {}: not from a service to a local user", stanza.name(),
                    stanza.attribute("from"), stanza.attribute("to"));
            return;
        }
        String user = to.asBareJid().toString();
        if (Stanzas.isPresence(stanza)) {
            Optional<Request> request = Request.of(stanza.attribute("type"));
            if (request.isPresent()) {
                String sender = from.asBareJid().toString();
                Element stamped = stanza.withAttribute("from", sender).withAttribute("to", user);
                im.serial().submitEssential(user, () -> subscriptions.inbound(sender, user, request.get(), stamped));
            } else {
                presence.deliver(stanza, to, to.hasResource() ? to.toString() : null);
            }
        } else if (Stanzas.isMessage(stanza)) {
            ClientSession target = to.hasResource() ? im.registry().session(to) : null;
            if (target != null) {
                target.deliver(stanza);
            } else {
                // RFC 6121 §8.5.3.2.1: a resource that is gone is as if the bare JID had been addressed
                messages.toAccount(stanza, to.asBareJid(), MessageHandler.type(stanza), null);
            }
        } else {
            ClientSession target = to.hasResource() ? im.registry().session(to) : null;
            if (target != null && im.blocklists().blocksCached(user, from) != Boolean.TRUE) {
                target.deliver(stanza);
            }
        }
    }
}

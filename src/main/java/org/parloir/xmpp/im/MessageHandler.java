package org.parloir.xmpp.im;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.Route;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * Message routing (RFC 6121 §8.5) with XEP-0280 carbons, XEP-0191 blocking and offline storage. Delivery to an
 * online account happens on the caller's thread from memory; only offline storage and lookups of accounts that
 * are not online go to the recipient's serialised work.
 */
final class MessageHandler {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Im im;
    private final OfflineDelivery offline;
    private final VirtualResources virtual;

    MessageHandler(Im im, OfflineDelivery offline, VirtualResources virtual) {
        this.im = im;
        this.offline = offline;
        this.virtual = virtual;
    }

    /** Routes a client's message; the answer completes once an offline copy, if one is made, is stored. */
    CompletionStage<Void> outbound(ClientSession session, Element message, Route route) {
        String type = type(message);
        switch (route) {
            case Route.Malformed m -> bounce(session, message, StanzaError.Condition.JID_MALFORMED, null);
            case Route.Remote r -> bounce(session, message, StanzaError.Condition.REMOTE_SERVER_NOT_FOUND,
                    "this server does not federate yet");
            case Route.Server s -> {
                if (type.equals("chat") || type.equals("normal")) {
                    bounce(session, message, StanzaError.Condition.SERVICE_UNAVAILABLE, null);
                }
            }
            case Route.Component c -> im.components().find(c.address().getDomain().toString())
                    .fromClient(session, message);
            case Route.Account a -> {
                if (!blockedBySender(session, message, a.bare())) {
                    sentCarbons(session, message, type);
                    CompletionStage<Void> done = toAccount(message, a.bare(), type, session);
                    virtual.observe(message, session); // a call proposal rings the account's SIP phones too
                    return done;
                }
            }
            case Route.Resource r when virtual.addresses(r.full()) -> {
                // the account's SIP phones as a resource (issue 11): nothing is stored for it, nothing bounces
                if (!blockedBySender(session, message, r.full())) {
                    sentCarbons(session, message, type);
                    virtual.observe(message, session);
                }
            }
            case Route.Resource r -> {
                if (!blockedBySender(session, message, r.full())) {
                    sentCarbons(session, message, type);
                    virtual.observe(message, session); // a callee's proceed from another device
                    ClientSession target = im.registry().session(r.full());
                    if (target != null) {
                        if (!recipientBlocks(target.jid().asBareJid(), message, session)) {
                            target.deliver(message);
                            receivedCarbons(target.jid().asBareJid(), message, type, List.of(target));
                        }
                    } else if (type.equals("chat") || type.equals("normal")) {
                        // RFC 6121 §8.5.3.2.1: treated as if addressed to the bare JID
                        return toAccount(message, r.full().asBareJid(), type, session);
                    } else if (type.equals("groupchat")) {
                        bounce(session, message, StanzaError.Condition.SERVICE_UNAVAILABLE, null);
                    }
                }
            }
        }
        return DONE;
    }

    /**
     * A message to an account's bare JID (RFC 6121 §8.5.2). {@code sender} is null for re-routed stanzas. The
     * answer completes once the message was delivered, stored offline (committed) or bounced.
     */
    CompletionStage<Void> toAccount(Element message, BareJid account, String type, ClientSession sender) {
        if (type.equals("error")) {
            return DONE;
        }
        if (type.equals("groupchat")) {
            bounce(sender, message, StanzaError.Condition.SERVICE_UNAVAILABLE, null);
            return DONE;
        }
        if (sender != null && recipientBlocks(account, message, sender)) {
            return DONE;
        }
        if (deliverNow(message, account, type)) {
            return DONE;
        }
        if (type.equals("headline")) {
            return DONE;
        }
        String owner = account.toString();
        // the owner's next task waits for the commit: a login right after must find the message stored
        return im.serial().submitAsync(owner, () -> {
            if (deliverNow(message, account, type)) {
                // a resource became available since: its login already took the offline messages
                return DONE;
            }
            if (!AccountExistence.exists(im, owner)) {
                bounce(sender, message, StanzaError.Condition.SERVICE_UNAVAILABLE, null);
                return DONE;
            }
            if (im.blocklists().blocks(owner, Im.jid(message.attribute("from")))) {
                bounce(sender, message, StanzaError.Condition.SERVICE_UNAVAILABLE, null);
                return DONE;
            }
            return offline.store(owner, message).thenAccept(stored -> {
                if (!stored) {
                    bounce(sender, message, StanzaError.Condition.SERVICE_UNAVAILABLE, "offline storage is full");
                }
            });
        }).exceptionally(e -> {
            bounce(sender, message, StanzaError.Condition.RESOURCE_CONSTRAINT, "server busy");
            return null;
        });
    }

    /**
     * A message of an account's virtual resource ({@code from}: {@code bob@example.org/parloir-sip}) to a local user:
     * to the full JID when it is online, else by the bare JID's rules; sent carbons go to the account's own
     * carbon-enabled clients, as for a message one of them sent (XEP-0280 §6), so that they learn of the call.
     */
    void fromVirtual(Element message, BareJid owner, org.jxmpp.jid.Jid to) {
        String type = type(message);
        if (carbonEligible(message, type)) {
            for (ClientSession own : im.registry().available(owner)) {
                if (own.presence().carbons()) {
                    own.deliver(carbon("sent", owner.toString(), own, message));
                }
            }
        }
        ClientSession target = to.hasResource() ? im.registry().session(to) : null;
        if (target != null) {
            target.deliver(message);
            receivedCarbons(target.jid().asBareJid(), message, type, List.of(target));
        } else {
            toAccount(message, to.asBareJid(), type, null);
        }
    }

    /** Delivers to the account's chosen resources, with carbons to its other ones; false when none is there. */
    private boolean deliverNow(Element message, BareJid account, String type) {
        List<ClientSession> targets = targets(account, type);
        for (ClientSession t : targets) {
            t.deliver(message);
        }
        if (!targets.isEmpty()) {
            receivedCarbons(account, message, type, targets);
        }
        return !targets.isEmpty();
    }

    /**
     * RFC 6121 §8.5.2.1.1: chat and normal go to the available resources of highest non-negative priority,
     * headline to all non-negative ones.
     */
    private List<ClientSession> targets(BareJid account, String type) {
        List<ClientSession> available = im.registry().available(account);
        int best = -1;
        for (ClientSession s : available) {
            best = Math.max(best, s.presence().priority());
        }
        List<ClientSession> targets = new ArrayList<>(available.size());
        for (ClientSession s : available) {
            int p = s.presence().priority();
            if (p >= 0 && (type.equals("headline") || p == best)) {
                targets.add(s);
            }
        }
        return targets;
    }

    private boolean blockedBySender(ClientSession session, Element message, Jid to) {
        if (im.blocklists().blocksCached(session.jid().asBareJid().toString(), to) == Boolean.TRUE) {
            // XEP-0191 §3.3: the user tried to contact someone they block
            session.deliver(Stanzas.error(message, StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE)
                    .withExtra(Element.of("blocked", Namespaces.BLOCKING_ERRORS))));
            return true;
        }
        return false;
    }

    private boolean recipientBlocks(BareJid recipient, Element message, ClientSession sender) {
        Boolean blocks = im.blocklists().blocksCached(recipient.toString(), sender.jid());
        if (blocks == Boolean.TRUE) {
            // XEP-0191 §3.4: as if the user did not exist
            bounce(sender, message, StanzaError.Condition.SERVICE_UNAVAILABLE, null);
            return true;
        }
        return false;
    }

    // ---- XEP-0280 ----

    private static boolean carbonEligible(Element message, String type) {
        return (type.equals("chat") || (type.equals("normal") && message.child("body", Namespaces.CLIENT) != null))
                && message.child("private", Namespaces.CARBONS) == null
                && message.child("no-copy", Namespaces.HINTS) == null
                && message.child("received", Namespaces.CARBONS) == null
                && message.child("sent", Namespaces.CARBONS) == null;
    }

    private void sentCarbons(ClientSession sender, Element message, String type) {
        if (!carbonEligible(message, type)) {
            return;
        }
        for (ClientSession own : im.registry().available(sender.jid().asBareJid())) {
            if (own != sender && own.presence().carbons()) {
                own.deliver(carbon("sent", sender.jid().asBareJid().toString(), own, message));
            }
        }
    }

    private void receivedCarbons(BareJid recipient, Element message, String type, List<ClientSession> deliveredTo) {
        if (!carbonEligible(message, type)) {
            return;
        }
        for (ClientSession s : im.registry().available(recipient)) {
            if (s.presence().carbons() && !deliveredTo.contains(s)) {
                s.deliver(carbon("received", recipient.toString(), s, message));
            }
        }
    }

    private static Element carbon(String kind, String from, ClientSession to, Element message) {
        return Element.builder("message", Namespaces.CLIENT).attribute("from", from)
                .attribute("to", to.jid().toString()).attribute("type", message.attribute("type"))
                .child(Element.builder(kind, Namespaces.CARBONS)
                        .child(Element.builder("forwarded", Namespaces.FORWARD).child(message).build()).build())
                .build();
    }

    // ---- helpers ----

    void bounce(ClientSession sender, Element message, StanzaError.Condition condition, String text) {
        if ("error".equals(message.attribute("type"))) {
            return;
        }
        // a re-routed stanza (XEP-0198 leftovers) has no sending session: tell its author if still online
        ClientSession to = sender != null ? sender : im.registry().session(Im.jid(message.attribute("from")));
        if (to != null) {
            to.deliver(Stanzas.error(message, StanzaError.of(condition, text)));
        }
    }

    static String type(Element message) {
        String type = message.attribute("type");
        return type == null ? "normal" : type;
    }
}

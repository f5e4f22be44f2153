package org.parloir.xmpp.im;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;

/** Roster get and set (RFC 6121 §2.1-2.6), with roster versioning. */
final class RosterHandler implements IqHandler {

    private final Im im;
    private final Subscriptions subscriptions;

    RosterHandler(Im im, Subscriptions subscriptions) {
        this.im = im;
        this.subscriptions = subscriptions;
    }

    @Override
    public String element() {
        return "query";
    }

    @Override
    public String namespace() {
        return Namespaces.ROSTER;
    }

    @Override
    public Scope scope() {
        return Scope.ACCOUNT;
    }

    @Override
    public Element handle(IqRequest request) {
        if (!request.own()) {
            // RFC 6121 §2.1.5: only the user's own roster
            throw new StanzaException(Condition.FORBIDDEN);
        }
        String owner = request.account().toString();
        UserRoster roster = im.rosters().of(owner);
        return "get".equals(request.iq().attribute("type")) ? get(request, roster) : set(request, roster, owner);
    }

    private Element get(IqRequest request, UserRoster roster) {
        request.session().presence().interested(true);
        String ver = request.payload().attribute("ver");
        long current = roster.version();
        if (ver != null) {
            long known = parse(ver);
            if (known == current) {
                return Stanzas.result(request.iq(), null);
            }
            if (known > 0 && known < current) {
                List<RosterChange> changes = roster.changedSince(known);
                if (!changes.isEmpty()) {
                    // RFC 6121 §2.6.3: an empty result, then one push per change
                    request.session().deliver(Stanzas.result(request.iq(), null)
                            .withAttribute("to", request.session().jid().toString()));
                    for (RosterChange change : changes) {
                        Element item = switch (change) {
                            case RosterChange.Updated u -> u.item().inRoster() ? RosterXml.item(u.item())
                                    : RosterXml.removed(u.contact());
                            case RosterChange.Removed r -> RosterXml.removed(r.contact());
                        };
                        im.pushTo(request.session(), RosterXml.query(List.of(item), change.version()));
                    }
                    return null;
                }
            }
        }
        List<Element> items = new ArrayList<>();
        roster.visible().forEach(i -> items.add(RosterXml.item(i)));
        return Stanzas.result(request.iq(), RosterXml.query(items, ver == null ? null : current));
    }

    private static long parse(String ver) {
        try {
            return Long.parseLong(ver);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Element set(IqRequest request, UserRoster roster, String owner) {
        List<Element> items = request.payload().elements();
        if (items.size() != 1 || !items.get(0).is("item", Namespaces.ROSTER)) {
            throw new StanzaException(Condition.BAD_REQUEST, "a roster set has exactly one item");
        }
        Element item = items.get(0);
        BareJid contact = contact(item.attribute("jid"));
        String key = contact.toString();
        if ("remove".equals(item.attribute("subscription"))) {
            if (!roster.has(key) || !roster.item(key).inRoster()) {
                throw new StanzaException(Condition.ITEM_NOT_FOUND);
            }
            RosterItem old = roster.item(key);
            CompletableFuture<Void> contactSide = subscriptions.removedFromRoster(owner, old);
            long version = roster.remove(key);
            im.push(owner, RosterXml.removed(key), version);
            // the result follows the contact's side of the removal, so what the user does next comes after it there
            Element result = Stanzas.result(request.iq(), null).withAttribute("to", request.session().jid().toString());
            contactSide.whenComplete((r, e) -> request.session().deliver(result));
            return null;
        }
        List<String> groups = new ArrayList<>();
        for (Element g : item.elements()) {
            if (g.is("group", Namespaces.ROSTER)) {
                String name = g.text();
                if (name.isEmpty()) {
                    throw new StanzaException(Condition.NOT_ACCEPTABLE, "empty group name");
                }
                if (groups.contains(name)) {
                    throw new StanzaException(Condition.BAD_REQUEST, "group listed twice");
                }
                groups.add(name);
            }
        }
        String name = item.attribute("name");
        if (name != null && name.length() > RosterItem.MAX_NAME_LENGTH
                || groups.stream().anyMatch(g -> g.length() > RosterItem.MAX_NAME_LENGTH)) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "name too long");
        }
        RosterItem next = roster.item(key).withItem(name == null || name.isEmpty() ? null : name, groups);
        long version = roster.put(next);
        im.push(owner, next, version);
        return Stanzas.result(request.iq(), null);
    }

    private static BareJid contact(String jid) {
        if (jid == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "item without jid");
        }
        try {
            Jid parsed = JidCreate.from(jid);
            if (parsed.hasResource()) {
                throw new StanzaException(Condition.BAD_REQUEST, "roster items are bare JIDs");
            }
            return parsed.asBareJid();
        } catch (XmppStringprepException e) {
            throw new StanzaException(Condition.JID_MALFORMED);
        }
    }
}

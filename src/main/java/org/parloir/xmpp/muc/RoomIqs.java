package org.parloir.xmpp.muc;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;

/**
 * IQs to the service, to a room and to an occupant: disco, {@code muc#admin}, {@code muc#owner}, and requests
 * between occupants passed on through the room (XEP-0045 §6.6: only occupants may send them). Runs in the
 * serialised work of the room (or of the service).
 */
final class RoomIqs {

    private final Rooms rooms;
    private final Delivery delivery;
    private final MucDisco disco;
    private final RoomAdmin admin;
    private final RoomOwner owner;

    RoomIqs(Rooms rooms, Delivery delivery, MucDisco disco, RoomAdmin admin, RoomOwner owner) {
        this.rooms = rooms;
        this.delivery = delivery;
        this.disco = disco;
        this.admin = admin;
        this.owner = owner;
    }

    /** The payload of the answer to a request to the service itself. */
    Element service(Element iq, DomainBareJid service) {
        Element payload = payload(iq);
        boolean get = "get".equals(iq.attribute("type"));
        if (get && payload.is("query", Namespaces.DISCO_INFO) && payload.attribute("node") == null) {
            return disco.serviceInfo();
        }
        if (get && payload.is("query", Namespaces.DISCO_ITEMS) && payload.attribute("node") == null) {
            return disco.serviceItems(service);
        }
        if (get && payload.is("ping", Namespaces.PING)) {
            return null;
        }
        throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
    }

    /** The payload of the answer to a request to a room (null for an empty result). */
    Element room(EntityFullJid from, Element iq, EntityBareJid roomJid) {
        Element payload = payload(iq);
        Room room = rooms.get(roomJid);
        boolean get = "get".equals(iq.attribute("type"));
        if (get && payload.is("query", Namespaces.DISCO_INFO) && payload.attribute("node") == null) {
            return disco.roomInfo(room, from);
        }
        if (get && payload.is("query", Namespaces.DISCO_ITEMS) && payload.attribute("node") == null) {
            return disco.roomItems(room, from);
        }
        boolean muc = payload.is("query", Namespaces.MUC_ADMIN) || payload.is("query", Namespaces.MUC_OWNER);
        if (muc && room == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no such room");
        }
        if (payload.is("query", Namespaces.MUC_ADMIN)) {
            return admin.handle(room, from, iq);
        }
        if (payload.is("query", Namespaces.MUC_OWNER)) {
            return owner.handle(room, from, iq);
        }
        throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
    }

    /** An IQ to {@code roomJid/nick}: a request is passed on to the occupant, an answer back to who asked. */
    void occupant(EntityFullJid from, Element iq, EntityBareJid roomJid, String nick) {
        Room room = rooms.get(roomJid);
        String type = iq.attribute("type");
        if ("result".equals(type) || "error".equals(type)) {
            PendingIqs.Pending p = room == null ? null : room.pendingIqs().answered(iq.attribute("id"));
            if (p != null && p.target().equals(from)) {
                Occupant responder = room.occupant(from);
                delivery.to(p.requester(), iq.withAttribute("id", p.id()).withAttribute("from",
                        room.occupantJid(responder == null ? p.targetNick() : responder.nick())));
            }
            return;
        }
        payload(iq);
        Occupant me = room == null ? null : room.occupant(from);
        if (me == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "only occupants may query occupants");
        }
        Occupant target = room.byNick(nick);
        if (target == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no occupant with that nickname");
        }
        String id = room.pendingIqs().add(new PendingIqs.Pending(from, iq.attribute("id"), nick, target.jid()));
        if (!delivery.to(target.jid(), iq.withAttribute("id", id).withAttribute("from", room.occupantJid(me.nick())))) {
            room.pendingIqs().answered(id);
            throw new StanzaException(Condition.RECIPIENT_UNAVAILABLE);
        }
    }

    /** RFC 6120 §8.2.3: a get or set has exactly one payload. */
    private static Element payload(Element iq) {
        if (iq.elements().size() != 1) {
            throw new StanzaException(Condition.BAD_REQUEST, "an IQ request has one payload");
        }
        return iq.elements().get(0);
    }
}

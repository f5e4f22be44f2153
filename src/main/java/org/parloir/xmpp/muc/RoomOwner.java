package org.parloir.xmpp.muc;

import java.util.List;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.DataForm;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;

/**
 * The {@code muc#owner} protocol: the configuration form (XEP-0045 §10.1-10.2, which also unlocks a new room) and
 * destroying the room (§10.9). Owners only. Runs in the room's serialised work.
 */
final class RoomOwner {

    private final Rooms rooms;
    private final Occupancy occupancy;
    private final Delivery delivery;
    private final int maxOccupants;

    RoomOwner(Rooms rooms, Occupancy occupancy, Delivery delivery, int maxOccupants) {
        this.rooms = rooms;
        this.occupancy = occupancy;
        this.delivery = delivery;
        this.maxOccupants = maxOccupants;
    }

    /** The result payload of a get, or null after a set. */
    Element handle(Room room, EntityFullJid from, Element iq) {
        if (room.affiliation(from.asBareJid()) != Affiliation.OWNER) {
            throw new StanzaException(Condition.FORBIDDEN, "only owners configure the room");
        }
        Element query = iq.child("query", Namespaces.MUC_OWNER);
        if ("get".equals(iq.attribute("type"))) {
            return Element.builder("query", Namespaces.MUC_OWNER)
                    .child(RoomConfigForm.form(room.jid().toString(), room.config())).build();
        }
        Element destroy = query.child("destroy", Namespaces.MUC_OWNER);
        Element form = query.child("x", Namespaces.DATA_FORMS);
        if (destroy != null) {
            destroy(room, destroy);
        } else if (form != null && "cancel".equals(form.attribute("type"))) {
            if (room.locked()) {
                // §10.1.2: cancelling the initial configuration destroys the new room
                destroy(room, null);
            }
        } else if (form != null && "submit".equals(form.attribute("type"))) {
            configure(room, RoomConfigForm.apply(room.config(), DataForm.values(form), maxOccupants));
        } else {
            throw new StanzaException(Condition.BAD_REQUEST, "submit or cancel a form, or destroy");
        }
        return null;
    }

    private void configure(Room room, RoomConfig next) {
        RoomConfig before = room.config();
        boolean wasLocked = room.locked();
        room.config(next);
        room.unlock();
        if (next.membersOnly() && !before.membersOnly()) {
            // §9.? made members-only: those below member leave with 322
            for (Occupant o : room.occupants()) {
                if (!room.affiliation(o).atLeast(Affiliation.MEMBER)) {
                    occupancy.remove(room, o, OccupantPresence.of(room, o).unavailable(List.of()).status(322));
                }
            }
        }
        if (!wasLocked && !next.equals(before)) {
            // §10.2.1: occupants learn of the change (104) and of a change of anonymity (172, 173)
            Element.Builder x = Element.builder("x", Namespaces.MUC_USER).child(status(104));
            if (next.whois() != before.whois()) {
                x.child(status(next.nonAnonymous() ? 172 : 173));
            }
            Element notice = Element.builder("message", Namespaces.CLIENT).attribute("type", "groupchat")
                    .attribute("from", room.jid().toString()).child(x.build()).build();
            for (Occupant o : room.occupants()) {
                delivery.to(o.jid(), notice);
            }
        }
        if (room.size() == 0 && !next.persistent()) {
            rooms.remove(room);
        }
    }

    /** §10.9: every occupant is told, then the room is gone. */
    void destroy(Room room, Element destroy) {
        Element notice = Element.builder("destroy", Namespaces.MUC_USER)
                .attribute("jid", destroy == null ? null : destroy.attribute("jid"))
                .child(destroy == null || destroy.child("reason", Namespaces.MUC_OWNER) == null ? null
                        : Element.builder("reason", Namespaces.MUC_USER)
                                .text(destroy.childText("reason", Namespaces.MUC_OWNER)).build())
                .build();
        for (Occupant o : room.occupants()) {
            room.affiliate(o.jid().asBareJid(), Affiliation.NONE);
            occupancy.remove(room, o, OccupantPresence.of(room, o).unavailable(List.of()).destroy(notice));
        }
        rooms.remove(room);
    }

    private static Element status(int code) {
        return Element.builder("status", Namespaces.MUC_USER).attribute("code", Integer.toString(code)).build();
    }
}

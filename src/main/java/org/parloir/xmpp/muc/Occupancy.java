package org.parloir.xmpp.muc;

import java.time.Instant;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;

/**
 * Presence to a room: entering (XEP-0045 §7.2, creating the room §10.1), presence changes (§7.7), nickname
 * changes (§7.6) and exits (§7.14), and removing an occupant for any reason. Runs in the room's serialised work.
 */
final class Occupancy {

    private final Rooms rooms;
    private final Delivery delivery;
    private final int maxOccupants;

    Occupancy(Rooms rooms, Delivery delivery, int maxOccupants) {
        this.rooms = rooms;
        this.delivery = delivery;
        this.maxOccupants = maxOccupants;
    }

    /** A presence from {@code from} to {@code roomJid} / {@code nick} (nick null: the bare room). */
    void presence(EntityFullJid from, Element presence, EntityBareJid roomJid, String nick) {
        String type = presence.attribute("type");
        Room room = rooms.get(roomJid);
        Occupant me = room == null ? null : room.occupant(from);
        if ("unavailable".equals(type) || "error".equals(type)) {
            if (me != null) {
                // §7.14; an error from the occupant's client means it is gone as well
                remove(room, me, OccupantPresence.of(room, me).id(presence.attribute("id"))
                        .unavailable("error".equals(type) ? List.of() : presence.children()));
            }
            return;
        }
        if (type != null) {
            return;
        }
        if (nick == null) {
            // §7.2.1: entering needs a nickname
            throw new StanzaException(Condition.JID_MALFORMED, "a room nickname is required");
        }
        if (me == null) {
            enter(from, presence, room, roomJid, nick);
        } else if (me.nick().equals(nick)) {
            // §7.7: a presence change, to every occupant
            me.presence(presence);
            OccupantPresence.of(room, me).id(presence.attribute("id")).send(delivery, room.occupants());
        } else {
            renick(room, me, nick, presence);
        }
    }

    private void enter(EntityFullJid from, Element presence, Room existing, EntityBareJid roomJid, String nick) {
        if (!delivery.bound(from)) {
            // the session ended while this waited: it must not stay in the room
            return;
        }
        boolean created = existing == null;
        Room room = created ? rooms.create(roomJid, from) : existing;
        if (created) {
            // §10.1.1: the creator is the owner of a room that stays locked until configured
            room.affiliate(from.asBareJid(), Affiliation.OWNER);
        }
        Element join = presence.child("x", Namespaces.MUC);
        Role role = switch (admit(room, from, nick, join == null ? null : join.childText("password", Namespaces.MUC))) {
            case Admission.Admit a -> a.role();
            case Admission.Refuse r -> {
                if (created) {
                    rooms.remove(room);
                }
                throw new StanzaException(r.error());
            }
        };
        Occupant me = new Occupant(from, nick, role, presence);
        List<Occupant> others = room.occupants();
        // §7.2.2: first the others' presence to the newcomer, then the newcomer's to everyone, itself last
        for (Occupant o : others) {
            delivery.to(from, OccupantPresence.of(room, o).to(me));
        }
        room.enter(me);
        rooms.entered(from, roomJid);
        OccupantPresence mine = OccupantPresence.of(room, me).id(presence.attribute("id"));
        if (room.config().nonAnonymous()) {
            mine.selfStatus(100);
        }
        if (created) {
            mine.selfStatus(201);
        }
        mine.send(delivery, others);
        delivery.to(from, mine.to(me));
        // §7.2.14 history, then §7.2.15 the subject (empty when there is none)
        Element history = join == null ? null : join.child("history", Namespaces.MUC);
        for (Element m : room.history().replay(history, roomJid.toString(), Instant.now())) {
            delivery.to(from, m);
        }
        Element subject = room.subject() != null ? room.subject()
                : Element.builder("message", Namespaces.CLIENT).attribute("type", "groupchat")
                        .attribute("from", roomJid.toString())
                        .child(Element.of("subject", Namespaces.CLIENT)).build();
        delivery.to(from, subject);
    }

    /** The checks of §7.2.5-7.2.10, in the order a refused user learns most from. */
    private Admission admit(Room room, EntityFullJid user, String nick, String password) {
        Affiliation affiliation = room.affiliation(user.asBareJid());
        RoomConfig config = room.config();
        if (room.locked() && affiliation != Affiliation.OWNER) {
            return refuse(Condition.ITEM_NOT_FOUND, "the room is locked until its owner configures it");
        }
        if (affiliation == Affiliation.OUTCAST) {
            return refuse(Condition.FORBIDDEN, "you are banned from this room");
        }
        if (config.membersOnly() && !affiliation.atLeast(Affiliation.MEMBER)) {
            return refuse(Condition.REGISTRATION_REQUIRED, "this room is for members only");
        }
        if (config.passwordProtected() && !config.secret().equals(password)) {
            return refuse(Condition.NOT_AUTHORIZED, "a password is required");
        }
        if (room.byNick(nick) != null) {
            return refuse(Condition.CONFLICT, "that nickname is taken");
        }
        boolean full = config.maxUsers() > 0 && room.size() >= config.maxUsers()
                && !affiliation.atLeast(Affiliation.ADMIN);
        if (full || room.size() >= maxOccupants) {
            // §7.2.9: owners and admins may still enter a full room, up to the service's own limit
            return new Admission.Refuse(new StanzaError("wait", Condition.SERVICE_UNAVAILABLE.wireName(),
                    "the room is full", null));
        }
        return new Admission.Admit(Role.initial(affiliation, config.moderated()));
    }

    private static Admission refuse(Condition condition, String text) {
        return new Admission.Refuse(StanzaError.of(condition, text));
    }

    /** §7.6: unavailable from the old nickname with the new one and 303, then available from the new one. */
    private void renick(Room room, Occupant me, String nick, Element presence) {
        if (room.byNick(nick) != null) {
            throw new StanzaException(Condition.CONFLICT, "that nickname is taken");
        }
        OccupantPresence.of(room, me).unavailable(List.of()).newNick(nick).status(303).send(delivery,
                room.occupants());
        room.renick(me, nick);
        me.presence(presence);
        OccupantPresence.of(room, me).id(presence.attribute("id")).send(delivery, room.occupants());
    }

    /**
     * Takes {@code o} out of the room: its role becomes none, {@code notice} (unavailable) goes to every occupant,
     * itself included; a temporary room without occupants is gone (§10.1.1).
     */
    void remove(Room room, Occupant o, OccupantPresence notice) {
        o.role(Role.NONE);
        notice.send(delivery, room.occupants());
        room.exit(o);
        rooms.left(o.jid(), room.jid());
        if (room.size() == 0 && !room.config().persistent()) {
            rooms.remove(room);
        }
    }

    /** The resource is gone without a word (its stream closed): it leaves. */
    void gone(Room room, EntityFullJid real) {
        Occupant o = room == null ? null : room.occupant(real);
        if (o != null) {
            remove(room, o, OccupantPresence.of(room, o).unavailable(List.of()));
        }
    }
}

package org.parloir.xmpp.muc;

import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;

/**
 * The {@code muc#admin} protocol: roles by nickname (kick §8.2, voice §8.3-8.4, moderator §9.6-9.7) and
 * affiliations by bare JID (ban §9.1, member §9.3-9.4, admin §10.6-10.7, owner §10.3-10.4), and the lists of
 * either (§8.5, §9.2, §9.5, §9.8, §10.5, §10.8). Every change is checked before any is made; occupants see the
 * changes before the requester gets its result. Runs in the room's serialised work.
 */
final class RoomAdmin {

    private final Occupancy occupancy;
    private final Delivery delivery;

    RoomAdmin(Occupancy occupancy, Delivery delivery) {
        this.occupancy = occupancy;
        this.delivery = delivery;
    }

    /** One change asked for: a role for an occupant, or an affiliation for a user. */
    private sealed interface Change {
        record RoleChange(Occupant target, Role role, String reason) implements Change {
        }

        record AffiliationChange(BareJid user, Affiliation affiliation, String reason) implements Change {
        }
    }

    /** The result payload of a get, or null after a set. */
    Element handle(Room room, EntityFullJid from, Element iq) {
        Element query = iq.child("query", Namespaces.MUC_ADMIN);
        List<Element> items = query.elements().stream().filter(e -> e.is("item", Namespaces.MUC_ADMIN)).toList();
        if (items.isEmpty()) {
            throw new StanzaException(Condition.BAD_REQUEST, "no item");
        }
        if ("get".equals(iq.attribute("type"))) {
            return list(room, from, items.get(0));
        }
        List<Change> changes = new ArrayList<>();
        for (Element item : items) {
            changes.add(check(room, from, item));
        }
        Occupant me = room.occupant(from);
        String actor = me == null ? null : me.nick();
        for (Change c : changes) {
            apply(room, c, actor);
        }
        return null;
    }

    private Change check(Room room, EntityFullJid from, Element item) {
        String reason = item.childText("reason", Namespaces.MUC_ADMIN);
        if (item.attribute("role") != null) {
            Role role = Role.parse(item.attribute("role"));
            Occupant target = item.attribute("nick") == null ? null : room.byNick(item.attribute("nick"));
            if (role == null) {
                throw new StanzaException(Condition.BAD_REQUEST, "unknown role");
            }
            if (target == null) {
                throw new StanzaException(Condition.ITEM_NOT_FOUND, "no occupant with that nickname");
            }
            checkRole(room, room.occupant(from), target, role);
            return new Change.RoleChange(target, role, reason);
        }
        Affiliation affiliation = Affiliation.parse(item.attribute("affiliation"));
        if (affiliation == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "an item needs a role or an affiliation");
        }
        BareJid user = user(room, item);
        checkAffiliation(room, room.affiliation(from.asBareJid()), user, affiliation);
        return new Change.AffiliationChange(user, affiliation, reason);
    }

    /** XEP-0045 §5.1.1 and §5.1.3: who may change whose role. */
    private static void checkRole(Room room, Occupant me, Occupant target, Role role) {
        if (me == null || me.role() != Role.MODERATOR) {
            throw new StanzaException(Condition.FORBIDDEN, "only moderators change roles");
        }
        Affiliation mine = room.affiliation(me);
        Affiliation theirs = room.affiliation(target);
        // §8.2, §8.4, §9.7: an admin or owner cannot be kicked, silenced or demoted, nor anyone of higher standing
        if (role != Role.MODERATOR && theirs.atLeast(Affiliation.ADMIN) || !mine.atLeast(theirs)) {
            throw new StanzaException(Condition.NOT_ALLOWED, "that occupant's affiliation is protected");
        }
        // §9.6-9.7: the moderator role is granted and revoked by admins and owners
        if ((role == Role.MODERATOR || target.role() == Role.MODERATOR) && !mine.atLeast(Affiliation.ADMIN)) {
            throw new StanzaException(Condition.FORBIDDEN, "only admins change the moderator role");
        }
    }

    /** XEP-0045 §5.2.1: admins manage members and outcasts, owners manage admins and owners. */
    private static void checkAffiliation(Room room, Affiliation mine, BareJid user, Affiliation affiliation) {
        Affiliation theirs = room.affiliation(user);
        if (!mine.atLeast(Affiliation.ADMIN)) {
            throw new StanzaException(Condition.FORBIDDEN, "only admins change affiliations");
        }
        if (theirs.atLeast(Affiliation.ADMIN) && mine != Affiliation.OWNER) {
            throw new StanzaException(Condition.NOT_ALLOWED, "only owners change admins and owners");
        }
        if (affiliation.atLeast(Affiliation.ADMIN) && mine != Affiliation.OWNER) {
            throw new StanzaException(Condition.FORBIDDEN, "only owners grant admin or owner");
        }
        if (theirs == Affiliation.OWNER && affiliation != Affiliation.OWNER
                && room.affiliated(Affiliation.OWNER).size() == 1) {
            // §10.4 (and §10.9 of a room without owner): the last owner stays
            throw new StanzaException(Condition.CONFLICT, "a room keeps at least one owner");
        }
    }

    private void apply(Room room, Change change, String actor) {
        switch (change) {
            case Change.RoleChange r -> {
                if (room.occupant(r.target().jid()) == null) {
                    return;
                }
                if (r.role() == Role.NONE) {
                    // §8.2 kick: 307
                    occupancy.remove(room, r.target(), OccupantPresence.of(room, r.target()).unavailable(List.of())
                            .status(307).by(actor, r.reason()));
                } else {
                    r.target().role(r.role());
                    OccupantPresence.of(room, r.target()).by(actor, r.reason()).send(delivery, room.occupants());
                }
            }
            case Change.AffiliationChange a -> affiliate(room, a, actor);
        }
    }

    private void affiliate(Room room, Change.AffiliationChange a, String actor) {
        Affiliation before = room.affiliation(a.user());
        room.affiliate(a.user(), a.affiliation());
        RoomConfig config = room.config();
        for (Occupant o : room.occupantsOf(a.user())) {
            if (a.affiliation() == Affiliation.OUTCAST) {
                // §9.1 ban: 301
                occupancy.remove(room, o, OccupantPresence.of(room, o).unavailable(List.of()).status(301)
                        .by(actor, a.reason()));
            } else if (config.membersOnly() && !a.affiliation().atLeast(Affiliation.MEMBER)) {
                // §9.4: no longer a member of a members-only room: 321
                occupancy.remove(room, o, OccupantPresence.of(room, o).unavailable(List.of()).status(321)
                        .by(actor, a.reason()));
            } else {
                Role initial = Role.initial(a.affiliation(), config.moderated());
                if (initial == Role.MODERATOR || before.atLeast(Affiliation.ADMIN) || !o.role().atLeast(initial)) {
                    o.role(initial);
                }
                OccupantPresence.of(room, o).by(actor, a.reason()).send(delivery, room.occupants());
            }
        }
    }

    private static BareJid user(Room room, Element item) {
        String jid = item.attribute("jid");
        if (jid != null) {
            try {
                return JidCreate.from(jid).asBareJid();
            } catch (XmppStringprepException | IllegalArgumentException e) {
                throw new StanzaException(Condition.JID_MALFORMED);
            }
        }
        Occupant o = item.attribute("nick") == null ? null : room.byNick(item.attribute("nick"));
        if (o == null) {
            throw new StanzaException(Condition.BAD_REQUEST, "an affiliation item needs a jid");
        }
        return o.jid().asBareJid();
    }

    /** §8.5, §9.2, §9.5, §9.8, §10.5, §10.8: one list, to those allowed to see it. */
    private static Element list(Room room, EntityFullJid from, Element item) {
        Element.Builder query = Element.builder("query", Namespaces.MUC_ADMIN);
        Affiliation mine = room.affiliation(from.asBareJid());
        Affiliation affiliation = Affiliation.parse(item.attribute("affiliation"));
        Role role = Role.parse(item.attribute("role"));
        if (affiliation != null && affiliation != Affiliation.NONE) {
            Affiliation needed = affiliation.atLeast(Affiliation.ADMIN) ? Affiliation.OWNER : Affiliation.ADMIN;
            if (!mine.atLeast(needed)) {
                throw new StanzaException(Condition.FORBIDDEN, "not allowed to see that list");
            }
            for (BareJid user : room.affiliated(affiliation)) {
                List<Occupant> in = room.occupantsOf(user);
                query.child(Element.builder("item", Namespaces.MUC_ADMIN).attribute("affiliation", affiliation.wire())
                        .attribute("jid", user.toString()).attribute("nick", in.isEmpty() ? null : in.get(0).nick())
                        .build());
            }
            return query.build();
        }
        Occupant me = room.occupant(from);
        if (role == null || role == Role.NONE) {
            throw new StanzaException(Condition.BAD_REQUEST, "ask for a role or an affiliation other than none");
        }
        if (me == null || me.role() != Role.MODERATOR
                || role == Role.MODERATOR && !mine.atLeast(Affiliation.ADMIN)) {
            throw new StanzaException(Condition.FORBIDDEN, "not allowed to see that list");
        }
        for (Occupant o : room.occupants()) {
            if (o.role() == role) {
                query.child(Element.builder("item", Namespaces.MUC_ADMIN).attribute("role", role.wire())
                        .attribute("nick", o.nick()).attribute("jid", o.jid().toString())
                        .attribute("affiliation", room.affiliation(o).wire()).build());
            }
        }
        return query.build();
    }
}

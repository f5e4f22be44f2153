package org.parloir.xmpp.muc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.Node;

/**
 * The presence a room sends about one occupant, with its extended {@code muc#user} information (XEP-0045 §7.2.2:
 * item with affiliation and role, the real JID only to those allowed to see it §7.2.3-7.2.4, status codes of
 * §15.2.2). Built per recipient: status 110 marks the copy sent to the occupant itself.
 */
final class OccupantPresence {

    private final Room room;
    private final Occupant about;
    private final List<Integer> statuses = new ArrayList<>();
    private final List<Integer> selfStatuses = new ArrayList<>();
    private List<Node> content;
    private boolean unavailable;
    private String id;
    private String newNick;
    private String actor;
    private String reason;
    private Element destroy;

    private OccupantPresence(Room room, Occupant about) {
        this.room = room;
        this.about = about;
        this.content = about.presence().children();
    }

    /** The occupant's current available presence. */
    static OccupantPresence of(Room room, Occupant about) {
        return new OccupantPresence(room, about);
    }

    /** Type unavailable, with the given content (e.g. the leaving client's status), role none by the caller. */
    OccupantPresence unavailable(List<Node> withContent) {
        unavailable = true;
        content = withContent.stream().filter(n -> !(n instanceof Element e)
                || !e.namespace().equals(Namespaces.MUC) && !e.namespace().equals(Namespaces.MUC_USER)).toList();
        return this;
    }

    /** The id of the client's stanza this reflects (XEP-0045 muc#stable_id). */
    OccupantPresence id(String value) {
        id = value;
        return this;
    }

    OccupantPresence status(int code) {
        statuses.add(code);
        return this;
    }

    /** A status code only the occupant itself gets (e.g. 201 room created, 100 non-anonymous). */
    OccupantPresence selfStatus(int code) {
        selfStatuses.add(code);
        return this;
    }

    /** XEP-0045 §7.6: the new nickname, in the unavailable presence of the old one. */
    OccupantPresence newNick(String nick) {
        newNick = nick;
        return this;
    }

    /** Who did it and why (kick §8.2, ban §9.1): actor nickname and reason inside the item. */
    OccupantPresence by(String actorNick, String why) {
        actor = actorNick;
        reason = why;
        return this;
    }

    /** XEP-0045 §10.9: the room is destroyed. */
    OccupantPresence destroy(Element value) {
        destroy = value;
        return this;
    }

    /** The copy for {@code recipient}. */
    Element to(Occupant recipient) {
        boolean self = recipient == about;
        Element.Builder item = Element.builder("item", Namespaces.MUC_USER)
                .attribute("affiliation", room.affiliation(about).wire()).attribute("role", about.role().wire())
                .attribute("jid", self || room.showsJidsTo(recipient) ? about.jid().toString() : null)
                .attribute("nick", newNick);
        if (actor != null) {
            item.child(Element.builder("actor", Namespaces.MUC_USER).attribute("nick", actor).build());
        }
        if (reason != null) {
            item.child(Element.builder("reason", Namespaces.MUC_USER).text(reason).build());
        }
        Element.Builder x = Element.builder("x", Namespaces.MUC_USER).child(item.build());
        List<Integer> codes = new ArrayList<>(statuses);
        if (self) {
            codes.addAll(selfStatuses);
            codes.add(110);
        }
        codes.stream().distinct().sorted().forEach(c -> x.child(Element.builder("status", Namespaces.MUC_USER)
                .attribute("code", Integer.toString(c)).build()));
        x.child(destroy);
        return Element.builder("presence", Namespaces.CLIENT).attribute("id", id)
                .attribute("from", room.occupantJid(about.nick())).attribute("to", recipient.jid().toString())
                .attribute("type", unavailable ? "unavailable" : null)
                .children(content).child(x.build()).build();
    }

    /** Sends a copy to each of {@code recipients}. */
    void send(Delivery delivery, Collection<Occupant> recipients) {
        for (Occupant r : recipients) {
            delivery.to(r.jid(), to(r));
        }
    }
}

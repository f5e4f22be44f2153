package org.parloir.xmpp.muc;

import java.time.Instant;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;

/**
 * Messages to a room: groupchat reflected to every occupant (XEP-0045 §7.4) and kept as history, subject changes
 * (§8.1), private messages to an occupant (§7.5), mediated invitations and their declines (§7.8.2). Runs in the
 * room's serialised work.
 */
final class RoomMessages {

    private final Rooms rooms;
    private final Delivery delivery;

    RoomMessages(Rooms rooms, Delivery delivery) {
        this.rooms = rooms;
        this.delivery = delivery;
    }

    /** A message from {@code from} to {@code roomJid} / {@code nick} (nick null: the bare room). */
    void message(EntityFullJid from, Element message, EntityBareJid roomJid, String nick) {
        String type = message.attribute("type") == null ? "normal" : message.attribute("type");
        if (type.equals("error")) {
            return;
        }
        Room room = rooms.get(roomJid);
        Occupant me = room == null ? null : room.occupant(from);
        if (room == null || room.locked() && me == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no such room");
        }
        Element user = message.child("x", Namespaces.MUC_USER);
        if (nick != null) {
            privateMessage(room, me, message, type, nick);
        } else if (type.equals("groupchat")) {
            groupchat(room, me, message);
        } else if (user != null && (user.child("invite", Namespaces.MUC_USER) != null
                || user.child("decline", Namespaces.MUC_USER) != null)) {
            mediated(room, from, me, user);
        } else {
            throw new StanzaException(Condition.BAD_REQUEST, "send groupchat messages to the room");
        }
    }

    private void groupchat(Room room, Occupant me, Element message) {
        if (me == null) {
            // §7.4: only occupants speak
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "join the room first");
        }
        if (!me.role().atLeast(Role.PARTICIPANT)) {
            throw new StanzaException(Condition.FORBIDDEN, "visitors have no voice in this room");
        }
        Element reflected = message.withAttribute("from", room.occupantJid(me.nick())).withAttribute("to", null);
        boolean subjectChange = message.child("subject", Namespaces.CLIENT) != null
                && message.child("body", Namespaces.CLIENT) == null;
        if (subjectChange) {
            // §8.1: moderators, or participants when the room allows it
            if (me.role() != Role.MODERATOR && !room.config().changeSubject()) {
                throw new StanzaException(Condition.FORBIDDEN, "only moderators may change the subject");
            }
            room.subject(reflected);
        } else if (message.child("body", Namespaces.CLIENT) != null) {
            room.history().add(reflected, Instant.now());
        }
        for (Occupant o : room.occupants()) {
            delivery.to(o.jid(), reflected);
        }
    }

    /** §7.5: between occupants, from the sender's occupant JID; never of type groupchat. */
    private void privateMessage(Room room, Occupant me, Element message, String type, String nick) {
        if (me == null) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "join the room first");
        }
        if (type.equals("groupchat")) {
            throw new StanzaException(Condition.BAD_REQUEST, "a private message is not groupchat");
        }
        Occupant target = room.byNick(nick);
        if (target == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no occupant with that nickname");
        }
        if (!room.config().allowsPrivateMessageFrom(me.role())) {
            throw new StanzaException(Condition.FORBIDDEN, "private messages are not allowed here");
        }
        Element pm = message.withAttribute("from", room.occupantJid(me.nick()));
        if (pm.child("x", Namespaces.MUC_USER) == null) {
            // §7.5: marks the message as a private one from a room (for carbons and archives)
            pm = pm.withChild(Element.of("x", Namespaces.MUC_USER));
        }
        delivery.to(target.jid(), pm);
    }

    /** §7.8.2: the room passes invitations on from itself, and declines back to the inviter. */
    private void mediated(Room room, EntityFullJid from, Occupant me, Element user) {
        for (Element decline : user.elements()) {
            if (decline.is("decline", Namespaces.MUC_USER) && jid(decline.attribute("to")) != null) {
                delivery.toAccount(jid(decline.attribute("to")).asBareJid(), Element.builder("message",
                        Namespaces.CLIENT).attribute("from", room.jid().toString())
                        .child(Element.builder("x", Namespaces.MUC_USER).child(Element.builder("decline",
                                Namespaces.MUC_USER).attribute("from", from.asBareJid().toString())
                                .child(decline.child("reason", Namespaces.MUC_USER)).build()).build()).build());
            }
        }
        for (Element invite : user.elements()) {
            if (invite.is("invite", Namespaces.MUC_USER)) {
                invite(room, from, me, invite);
            }
        }
    }

    private void invite(Room room, EntityFullJid from, Occupant me, Element invite) {
        Jid invitee = jid(invite.attribute("to"));
        if (invitee == null) {
            throw new StanzaException(Condition.JID_MALFORMED, "invite needs a 'to'");
        }
        if (me == null) {
            throw new StanzaException(Condition.FORBIDDEN, "only occupants may invite");
        }
        RoomConfig config = room.config();
        boolean privileged = room.affiliation(me).atLeast(Affiliation.ADMIN) || config.allowInvites();
        if (config.membersOnly()) {
            if (!privileged) {
                throw new StanzaException(Condition.FORBIDDEN, "only admins may invite to this room");
            }
            // §7.8.2: invited into a members-only room, the invitee becomes a member
            if (!room.affiliation(invitee.asBareJid()).atLeast(Affiliation.MEMBER)) {
                room.affiliate(invitee.asBareJid(), Affiliation.MEMBER);
            }
        }
        String reason = invite.childText("reason", Namespaces.MUC_USER);
        Element.Builder x = Element.builder("x", Namespaces.MUC_USER).child(Element.builder("invite",
                Namespaces.MUC_USER).attribute("from", from.toString())
                .child(reason == null ? null : Element.builder("reason", Namespaces.MUC_USER).text(reason).build())
                .build());
        if (config.passwordProtected()) {
            x.child(Element.builder("password", Namespaces.MUC_USER).text(config.secret()).build());
        }
        Element message = Element.builder("message", Namespaces.CLIENT).attribute("from", room.jid().toString())
                .child(x.build())
                .child(Element.builder("body", Namespaces.CLIENT).text(from.asBareJid() + " invites you to the room "
                        + room.jid() + (reason == null ? "" : ": " + reason)).build()).build();
        if (invitee instanceof EntityFullJid full) {
            delivery.to(full, message);
        } else {
            delivery.toAccount(invitee.asBareJid(), message);
        }
    }

    private static Jid jid(String value) {
        try {
            return value == null ? null : JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}

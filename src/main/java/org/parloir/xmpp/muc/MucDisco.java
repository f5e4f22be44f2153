package org.parloir.xmpp.muc;

import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.DataForm;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;

/**
 * Service discovery (XEP-0030) of the chat service (XEP-0045 §6.2: identity conference/text; §6.3: its public
 * rooms) and of each room (§6.4: features and the muc#roominfo form; §6.5: its occupants).
 */
final class MucDisco {

    static final String STABLE_ID = "http://jabber.org/protocol/muc#stable_id";
    private static final String ROOMINFO = "http://jabber.org/protocol/muc#roominfo";

    private final Rooms rooms;

    MucDisco(Rooms rooms) {
        this.rooms = rooms;
    }

    Element serviceInfo() {
        return info("Chat rooms", List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.MUC, STABLE_ID,
                Namespaces.PING)).build();
    }

    /** The rooms of {@code service} that are public and configured (a locked room does not exist yet, §10.1.1). */
    Element serviceItems(DomainBareJid service) {
        Element.Builder query = Element.builder("query", Namespaces.DISCO_ITEMS);
        for (Room room : rooms.all()) {
            if (room.jid().asDomainBareJid().equals(service) && room.config().listed() && !room.locked()) {
                query.child(Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", room.jid().toString())
                        .attribute("name", room.displayName()).build());
            }
        }
        return query.build();
    }

    Element roomInfo(Room room, EntityFullJid from) {
        visible(room, from);
        RoomConfig c = room.config();
        List<String> features = new ArrayList<>(List.of(Namespaces.DISCO_INFO, Namespaces.MUC, STABLE_ID,
                c.listed() ? "muc_public" : "muc_hidden", c.persistent() ? "muc_persistent" : "muc_temporary",
                c.membersOnly() ? "muc_membersonly" : "muc_open", c.moderated() ? "muc_moderated" : "muc_unmoderated",
                c.nonAnonymous() ? "muc_nonanonymous" : "muc_semianonymous",
                c.passwordProtected() ? "muc_passwordprotected" : "muc_unsecured"));
        Element subject = room.subject();
        String subjectText = subject == null ? "" : subject.childText("subject", Namespaces.CLIENT);
        return info(room.displayName(), features)
                .child(DataForm.form("result", ROOMINFO)
                        .child(DataForm.field("muc#roominfo_description", "text-single", "Description",
                                c.description()))
                        .child(DataForm.field("muc#roominfo_subject", "text-single", "Subject", subjectText))
                        .child(DataForm.field("muc#roominfo_occupants", "text-single", "Number of occupants",
                                Integer.toString(room.size())))
                        .child(DataForm.bool("muc#roominfo_subjectmod", "Occupants may change the subject",
                                c.changeSubject()))
                        .child(DataForm.field("muc#roomconfig_roomname", "text-single", "Name", room.displayName()))
                        .build())
                .build();
    }

    /** §6.5: the occupants' room JIDs, to those who may know who is there. */
    Element roomItems(Room room, EntityFullJid from) {
        visible(room, from);
        Element.Builder query = Element.builder("query", Namespaces.DISCO_ITEMS);
        boolean member = room.affiliation(from.asBareJid()).atLeast(Affiliation.MEMBER);
        if (!room.config().membersOnly() || member || room.occupant(from) != null) {
            for (Occupant o : room.occupants()) {
                query.child(Element.builder("item", Namespaces.DISCO_ITEMS)
                        .attribute("jid", room.occupantJid(o.nick())).build());
            }
        }
        return query.build();
    }

    /** A room that does not exist, or is locked for all but its occupants, is not found. */
    private static void visible(Room room, EntityFullJid from) {
        if (room == null || room.locked() && room.occupant(from) == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no such room");
        }
    }

    private static Element.Builder info(String name, List<String> features) {
        Element.Builder query = Element.builder("query", Namespaces.DISCO_INFO)
                .child(Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", "conference")
                        .attribute("type", "text").attribute("name", name).build());
        features.stream().sorted().distinct().forEach(f -> query.child(Element.builder("feature",
                Namespaces.DISCO_INFO).attribute("var", f).build()));
        return query;
    }
}

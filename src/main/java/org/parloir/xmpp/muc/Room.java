package org.parloir.xmpp.muc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.Element;

/**
 * The state of one chat room: configuration, affiliations by bare JID, occupants by nickname and by real JID,
 * history and subject. Changed only in the room's serialised work; {@link #config()} and {@link #locked()} are
 * also read by the service's disco#items, hence volatile.
 */
final class Room {

    private final EntityBareJid jid;
    private volatile RoomConfig config = RoomConfig.defaults();
    private volatile boolean locked = true;
    private final Map<BareJid, Affiliation> affiliations = new LinkedHashMap<>();
    private final Map<String, Occupant> byNick = new LinkedHashMap<>();
    private final Map<EntityFullJid, Occupant> byJid = new HashMap<>();
    private final History history;
    private final PendingIqs pendingIqs = new PendingIqs();
    private Element subject;

    Room(EntityBareJid jid, int historySize) {
        this.jid = jid;
        this.history = new History(historySize);
    }

    EntityBareJid jid() {
        return jid;
    }

    RoomConfig config() {
        return config;
    }

    void config(RoomConfig value) {
        config = value;
    }

    /** XEP-0045 §10.1.1: a new room is locked until its owner configures it (or accepts the defaults). */
    boolean locked() {
        return locked;
    }

    void unlock() {
        locked = false;
    }

    /** The name shown in disco: the configured one, or the room's local part. */
    String displayName() {
        return config.name().isEmpty() ? jid.getLocalpart().toString() : config.name();
    }

    Affiliation affiliation(BareJid user) {
        return affiliations.getOrDefault(user, Affiliation.NONE);
    }

    void affiliate(BareJid user, Affiliation affiliation) {
        if (affiliation == Affiliation.NONE) {
            affiliations.remove(user);
        } else {
            affiliations.put(user, affiliation);
        }
    }

    /** Users with this affiliation. */
    List<BareJid> affiliated(Affiliation affiliation) {
        List<BareJid> list = new ArrayList<>();
        affiliations.forEach((user, a) -> {
            if (a == affiliation) {
                list.add(user);
            }
        });
        return list;
    }

    Affiliation affiliation(Occupant o) {
        return affiliation(o.jid().asBareJid());
    }

    Occupant occupant(EntityFullJid real) {
        return byJid.get(real);
    }

    Occupant byNick(String nick) {
        return byNick.get(nick);
    }

    /** The occupants in the order they entered. */
    List<Occupant> occupants() {
        return List.copyOf(byNick.values());
    }

    /** The occupants that are resources of {@code user}. */
    List<Occupant> occupantsOf(BareJid user) {
        List<Occupant> list = new ArrayList<>();
        for (Occupant o : byNick.values()) {
            if (o.jid().asBareJid().equals(user)) {
                list.add(o);
            }
        }
        return list;
    }

    int size() {
        return byNick.size();
    }

    void enter(Occupant o) {
        byNick.put(o.nick(), o);
        byJid.put(o.jid(), o);
    }

    void renick(Occupant o, String nick) {
        byNick.remove(o.nick());
        o.nick(nick);
        byNick.put(nick, o);
    }

    void exit(Occupant o) {
        byNick.remove(o.nick());
        byJid.remove(o.jid());
    }

    /** The address of an occupant in the room, {@code room@service/nick}. */
    String occupantJid(String nick) {
        return jid + "/" + nick;
    }

    /** Whether {@code viewer} may see the real JIDs of occupants (XEP-0045 §7.2.3-7.2.4). */
    boolean showsJidsTo(Occupant viewer) {
        return config.nonAnonymous() || viewer.role() == Role.MODERATOR;
    }

    History history() {
        return history;
    }

    PendingIqs pendingIqs() {
        return pendingIqs;
    }

    /** The last subject change (a message from the setter's occupant JID), or null. */
    Element subject() {
        return subject;
    }

    void subject(Element message) {
        subject = message;
    }
}

package org.parloir.xmpp.muc;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of the service (in memory) and, for each client resource, the rooms it is in, so that its rooms
 * learn when it goes away. A room is created, changed and removed only in its own serialised work.
 */
final class Rooms {

    private static final Logger log = LoggerFactory.getLogger(Rooms.class);
    private final ConcurrentHashMap<EntityBareJid, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EntityFullJid, Set<EntityBareJid>> joined = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final int history;

    Rooms(int maxRooms, int history) {
        this.maxRooms = maxRooms;
        this.history = history;
    }

    Room get(EntityBareJid jid) {
        return rooms.get(jid);
    }

    /** A new, locked room (XEP-0045 §10.1.1); refused with resource-constraint when the service is full. */
    Room create(EntityBareJid jid, EntityFullJid creator) {
        if (rooms.size() >= maxRooms) {
            log.warn("{}: not created for {}, the service has its {} rooms", jid, creator, maxRooms);
            throw new StanzaException(Condition.RESOURCE_CONSTRAINT, "too many rooms");
        }
        Room room = new Room(jid, history);
        rooms.put(jid, room);
        log.info("{}: created by {}", jid, creator);
        return room;
    }

    void remove(Room room) {
        if (rooms.remove(room.jid(), room)) {
            log.info("{}: gone", room.jid());
        }
    }

    Collection<Room> all() {
        return rooms.values();
    }

    int size() {
        return rooms.size();
    }

    void entered(EntityFullJid occupant, EntityBareJid room) {
        joined.computeIfAbsent(occupant, k -> ConcurrentHashMap.newKeySet()).add(room);
    }

    void left(EntityFullJid occupant, EntityBareJid room) {
        joined.computeIfPresent(occupant, (k, set) -> {
            set.remove(room);
            return set.isEmpty() ? null : set;
        });
    }

    /** The rooms {@code occupant} is in, forgotten. */
    Set<EntityBareJid> forget(EntityFullJid occupant) {
        Set<EntityBareJid> set = joined.remove(occupant);
        return set == null ? Set.of() : set;
    }
}

package org.parloir.xmpp.im;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Offline messages (RFC 6121 §8.5.2.2, XEP-0160) in the database: table {@code xmpp_offline_message} of Flyway V3.
 * A message is read with {@link #peek} and deleted with {@link #delete} only after it was delivered, so a crash in
 * between delivers it twice rather than never. Plain blocking JDBC: run it off the network threads.
 */
public final class OfflineStore {

    private static final String SELECT = "SELECT id, owner, stanza, stamp FROM xmpp_offline_message WHERE owner = ?"
            + " ORDER BY id";
    private static final RowMapper<OfflineMessage> MESSAGE = (rs, i) -> new OfflineMessage(rs.getLong(1),
            rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));

    private final JdbcTemplate jdbc;
    private final OwnerLock lock;

    public OfflineStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.lock = new OwnerLock(jdbc, tx, "xmpp_offline_owner");
    }

    /**
     * Keeps a message for the owner unless they already have {@code maxPerUser} kept: then nothing is stored and the
     * answer is false, for the caller to bounce the message with {@code service-unavailable} (RFC 6121 §8.5.2.2.1).
     * The check and the insert hold the owner's lock, so concurrent senders never pass the limit.
     */
    public boolean store(String owner, String stanzaXml, Instant stamp, int maxPerUser) {
        if (stanzaXml == null) {
            throw new IllegalArgumentException("no stanza to store for " + owner);
        }
        return lock.inTransaction(owner, status -> {
            if (count(owner) >= maxPerUser) {
                return false;
            }
            jdbc.update("INSERT INTO xmpp_offline_message (owner, stamp, stanza) VALUES (?, ?, ?)", owner,
                    stamp.toEpochMilli(), stanzaXml);
            return true;
        });
    }

    /** A message to keep for {@code owner}. */
    record Message(String owner, String stanzaXml, Instant stamp) {
    }

    /**
     * Keeps several messages in one transaction (a group commit): each is stored unless its owner already has
     * {@code maxPerUser} kept, counting those stored before it in the list. The owners' locks are taken in order of
     * their names, so two writers never wait for each other in a circle. Returns, per message, whether it was stored.
     */
    public List<Boolean> storeAll(List<Message> messages, int maxPerUser) {
        java.util.SortedSet<String> owners = new java.util.TreeSet<>();
        messages.forEach(m -> owners.add(m.owner()));
        return lock.inTransaction(List.copyOf(owners), status -> {
            java.util.Map<String, Integer> counts = new java.util.HashMap<>();
            owners.forEach(o -> counts.put(o, 0));
            jdbc.query("SELECT owner, COUNT(*) FROM xmpp_offline_message WHERE owner IN ("
                    + String.join(", ", java.util.Collections.nCopies(owners.size(), "?")) + ") GROUP BY owner",
                    rs -> {
                        counts.put(rs.getString(1), rs.getInt(2));
                    }, owners.toArray());
            List<Boolean> stored = new java.util.ArrayList<>(messages.size());
            List<Object[]> rows = new java.util.ArrayList<>(messages.size());
            for (Message m : messages) {
                boolean room = counts.get(m.owner()) < maxPerUser;
                if (room) {
                    counts.merge(m.owner(), 1, Integer::sum);
                    rows.add(new Object[] {m.owner(), m.stamp().toEpochMilli(), m.stanzaXml()});
                }
                stored.add(room);
            }
            jdbc.batchUpdate("INSERT INTO xmpp_offline_message (owner, stamp, stanza) VALUES (?, ?, ?)", rows);
            return stored;
        });
    }

    /** All the owner's messages, in arrival order. */
    public List<OfflineMessage> peek(String owner) {
        return jdbc.query(SELECT, MESSAGE, owner);
    }

    /** The owner's first {@code max} messages in arrival order: a delivery in bounded batches. */
    public List<OfflineMessage> peek(String owner, int max) {
        return jdbc.query(SELECT + " FETCH FIRST ? ROWS ONLY", MESSAGE, owner, max);
    }

    /** Deletes those of the given messages that the owner has; ids of other owners' messages are ignored. */
    public void delete(String owner, Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM xmpp_offline_message WHERE owner = ? AND id = ?",
                    ids.stream().map(id -> new Object[] {owner, id}).toList());
        }
    }

    /** Deletes every message kept for the owner; returns how many there were. */
    public int deleteAll(String owner) {
        return jdbc.update("DELETE FROM xmpp_offline_message WHERE owner = ?", owner);
    }

    public int count(String owner) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM xmpp_offline_message WHERE owner = ?", Integer.class, owner);
    }
}

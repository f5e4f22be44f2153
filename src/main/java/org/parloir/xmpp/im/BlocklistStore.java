package org.parloir.xmpp.im;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Block lists of the blocking command (XEP-0191) in the database: table {@code xmpp_blocklist} of Flyway V3. The
 * JIDs are kept as given (bare, full or domain JIDs, normalised by the caller); a list is a set. Plain blocking
 * JDBC: run it off the network threads.
 */
public final class BlocklistStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public BlocklistStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public Set<String> blocked(String owner) {
        return Set.copyOf(jdbc.queryForList("SELECT jid FROM xmpp_blocklist WHERE owner = ?", String.class, owner));
    }

    /** Adds the JIDs not blocked yet, all or none; true when the list changed. */
    public boolean add(String owner, Collection<String> jids) {
        Boolean changed = OwnerLock.retryingDuplicateKey(tx, status -> {
            Set<String> added = new HashSet<>(jids);
            added.removeAll(blocked(owner));
            if (added.isEmpty()) {
                return false;
            }
            jdbc.batchUpdate("INSERT INTO xmpp_blocklist (owner, jid) VALUES (?, ?)",
                    added.stream().map(jid -> new Object[] {owner, jid}).toList());
            return true;
        });
        return Boolean.TRUE.equals(changed);
    }

    /** Removes those of the JIDs that are blocked; true when the list changed. */
    public boolean remove(String owner, Collection<String> jids) {
        List<Object[]> keys = jids.stream().distinct().map(jid -> new Object[] {owner, jid}).toList();
        if (keys.isEmpty()) {
            return false;
        }
        int[] counts = tx.execute(status -> jdbc.batchUpdate("DELETE FROM xmpp_blocklist WHERE owner = ? AND jid = ?",
                keys));
        return counts != null && Arrays.stream(counts).anyMatch(n -> n > 0);
    }

    /** Unblocks everyone; true when the list was not empty. */
    public boolean clear(String owner) {
        return jdbc.update("DELETE FROM xmpp_blocklist WHERE owner = ?", owner) > 0;
    }
}

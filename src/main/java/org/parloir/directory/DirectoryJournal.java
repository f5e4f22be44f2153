package org.parloir.directory;

import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The durable copy of the embedded directory's entries that Parloir wrote (table {@code embedded_directory_entry},
 * Flyway V6): the latest state of each, as LDIF, or a tombstone for an entry Parloir deleted (V7). Blocking JDBC:
 * the directory executor only. A write returns after its transaction committed.
 */
final class DirectoryJournal {

    /** One kept entry: its state as LDIF, or {@code removed} (then no LDIF) for a deletion. */
    record Kept(String dnKey, String ldif, boolean removed) {
    }

    private final JdbcTemplate jdbc;
    private final LongSupplier clock;

    DirectoryJournal(JdbcTemplate jdbc, LongSupplier clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Keeps {@code ldif} as the state of the entry whose normalised DN is {@code dnKey}. */
    void save(String dnKey, String ldif) {
        long now = clock.getAsLong();
        if (update(dnKey, ldif, now)) {
            return;
        }
        try {
            jdbc.update("INSERT INTO embedded_directory_entry (dn_key, ldif, updated_at) VALUES (?, ?, ?)", dnKey,
                    ldif, now);
        } catch (DuplicateKeyException e) {
            // a concurrent first write of the same entry inserted it: ours is the later state
            update(dnKey, ldif, now);
        }
    }

    /**
     * Keeps that the entry {@code dnKey} was deleted: a tombstone, so that a seed entry of that DN stays deleted
     * after a restart. Nothing of the entry is kept (its password hashes go with it).
     */
    void removed(String dnKey) {
        long now = clock.getAsLong();
        if (jdbc.update("UPDATE embedded_directory_entry SET ldif = '', removed = TRUE, updated_at = ? WHERE dn_key = ?",
                now, dnKey) == 1) {
            return;
        }
        try {
            jdbc.update("INSERT INTO embedded_directory_entry (dn_key, ldif, updated_at, removed) VALUES (?, '', ?, TRUE)",
                    dnKey, now);
        } catch (DuplicateKeyException e) {
            // a concurrent first write of the same entry inserted it: ours is the later state
            jdbc.update("UPDATE embedded_directory_entry SET ldif = '', removed = TRUE, updated_at = ? WHERE dn_key = ?",
                    now, dnKey);
        }
    }

    /** Every kept entry and tombstone, in the order of their last writes. */
    List<Kept> entries() {
        return jdbc.query("SELECT dn_key, ldif, removed FROM embedded_directory_entry ORDER BY updated_at, dn_key",
                (rs, i) -> new Kept(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
    }

    private boolean update(String dnKey, String ldif, long now) {
        return jdbc.update("UPDATE embedded_directory_entry SET ldif = ?, removed = FALSE, updated_at = ?"
                + " WHERE dn_key = ?", ldif, now, dnKey) == 1;
    }
}

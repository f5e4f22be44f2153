package org.parloir.directory;

import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The durable copy of the embedded directory's entries that Parloir wrote (table {@code embedded_directory_entry},
 * Flyway V6): the latest state of each, as LDIF. Blocking JDBC: the directory executor only. A write returns after
 * its transaction committed.
 */
final class DirectoryJournal {

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

    /** Forgets an entry (a write undone). */
    void delete(String dnKey) {
        jdbc.update("DELETE FROM embedded_directory_entry WHERE dn_key = ?", dnKey);
    }

    /** Every kept entry, in the order of their last writes. */
    List<String> entries() {
        return jdbc.queryForList("SELECT ldif FROM embedded_directory_entry ORDER BY updated_at, dn_key",
                String.class);
    }

    private boolean update(String dnKey, String ldif, long now) {
        return jdbc.update("UPDATE embedded_directory_entry SET ldif = ?, updated_at = ? WHERE dn_key = ?", ldif, now,
                dnKey) == 1;
    }
}

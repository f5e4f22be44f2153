package org.parloir.xmpp.im;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A row per owner (primary key {@code owner}) whose lock serialises that owner's writers, across threads and across
 * replicas sharing the database: {@code SELECT ... FOR UPDATE} locks one row on H2 2.x and PostgreSQL alike. The
 * row is created on first use and never deleted.
 */
final class OwnerLock {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String lockSql;
    private final String createSql;

    OwnerLock(JdbcTemplate jdbc, TransactionTemplate tx, String table) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.lockSql = "SELECT owner FROM " + table + " WHERE owner = ? FOR UPDATE";
        this.createSql = "INSERT INTO " + table + " (owner) VALUES (?)";
    }

    /** Runs work in one transaction that holds the owner's lock until it commits; work returns non-null. */
    <T> T inTransaction(String owner, TransactionCallback<T> work) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<T> done = tx.execute(status -> jdbc.queryForList(lockSql, String.class, owner).isEmpty()
                    ? Optional.<T>empty() : Optional.of(work.doInTransaction(status)));
            if (done != null && done.isPresent()) {
                return done.get();
            }
            createRow(owner);
        }
        throw new IllegalStateException("the lock row of " + owner + " vanished");
    }

    /**
     * Runs work in one transaction holding the locks of all {@code owners}, taken in the order given (sort them, so
     * that concurrent callers never deadlock); work returns non-null.
     */
    <T> T inTransaction(List<String> owners, TransactionCallback<T> work) {
        for (int attempt = 0; attempt < 2; attempt++) {
            List<String> missing = new ArrayList<>();
            Optional<T> done = tx.execute(status -> {
                // one statement locks them all (FOR UPDATE with IN works on H2 2.x and PostgreSQL)
                java.util.Set<String> locked = new java.util.HashSet<>(jdbc.queryForList(lockManySql(owners.size()),
                        String.class, owners.toArray()));
                owners.stream().filter(o -> !locked.contains(o)).forEach(missing::add);
                return missing.isEmpty() ? Optional.of(work.doInTransaction(status)) : Optional.<T>empty();
            });
            if (done != null && done.isPresent()) {
                return done.get();
            }
            missing.forEach(this::createRow);
        }
        throw new IllegalStateException("lock rows vanished among " + owners.size() + " owners");
    }

    private String lockManySql(int n) {
        return lockSql.replace("owner = ?", "owner IN (" + String.join(", ", java.util.Collections.nCopies(n, "?"))
                + ") ORDER BY owner");
    }

    private void createRow(String owner) {
        try {
            // in a transaction of its own: when two first writers race, the loser's duplicate-key error must not
            // abort the transaction that does the work (PostgreSQL refuses every later statement of such a one)
            jdbc.update(createSql, owner);
        } catch (DuplicateKeyException e) {
            // the other writer created it: the lock is there either way
        }
    }

    /**
     * Runs work in a transaction, again if a concurrent writer committed one of the same new keys first: the next
     * attempt sees that row. For insert-if-absent writes that need no owner's lock; gives up after three attempts.
     */
    static <T> T retryingDuplicateKey(TransactionTemplate tx, TransactionCallback<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(work);
            } catch (DuplicateKeyException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}

package org.parloir.xmpp.im;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rosters and subscription states (RFC 6121 §2, §3) in the database: tables {@code xmpp_roster_*} of Flyway V3.
 * Every change holds the owner's row in {@code xmpp_roster_version} locked while it bumps the owner's version, so
 * one owner's changes are serialised and numbered 1, 2, 3… whoever makes them (roster versioning, §2.6). A removal
 * leaves a tombstone, which {@link #changedSince} reports and the other reads skip. Owners and contacts are bare JIDs
 * normalised by the caller. Plain blocking JDBC: run it off the network threads.
 */
public final class RosterStore {

    private static final String SELECT = "SELECT i.contact, i.name, i.subscription, i.pending_out, i.pending_in,"
            + " i.pending_in_status, i.pre_approved, i.in_roster, i.removed, i.version, g.name"
            + " FROM xmpp_roster_item i LEFT JOIN xmpp_roster_group g ON g.owner = i.owner AND g.contact = i.contact"
            + " WHERE i.owner = ? AND ";
    /** Both statements take the same values: the item's fields, the version, then owner and contact. */
    private static final String UPDATE = "UPDATE xmpp_roster_item SET name = ?, subscription = ?, pending_out = ?,"
            + " pending_in = ?, pending_in_status = ?, pre_approved = ?, in_roster = ?, removed = FALSE, version = ?"
            + " WHERE owner = ? AND contact = ?";
    private static final String INSERT = "INSERT INTO xmpp_roster_item (name, subscription, pending_out, pending_in,"
            + " pending_in_status, pre_approved, in_roster, removed, version, owner, contact)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?)";
    private static final String TOMBSTONE = "UPDATE xmpp_roster_item SET name = NULL, subscription = 'none',"
            + " pending_out = FALSE, pending_in = FALSE, pending_in_status = NULL, pre_approved = FALSE,"
            + " in_roster = FALSE, removed = TRUE, version = ? WHERE owner = ? AND contact = ? AND removed = FALSE";

    private final JdbcTemplate jdbc;
    private final OwnerLock lock;

    public RosterStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.lock = new OwnerLock(jdbc, tx, "xmpp_roster_version");
    }

    /** The owner's roster version: how many changes their roster had, 0 for none. */
    public long version(String owner) {
        List<Long> version = jdbc.queryForList("SELECT version FROM xmpp_roster_version WHERE owner = ?",
                Long.class, owner);
        return version.isEmpty() ? 0 : version.getFirst();
    }

    /** Every item stored for the owner, visible or not, without tombstones, in contact order. */
    public List<RosterItem> items(String owner) {
        return rows("i.removed = FALSE ORDER BY i.contact, g.seq", owner).map(Row::item).toList();
    }

    /** The items and a version that is not newer than them, for a roster result (RFC 6121 §2.1.4, §2.6.3). */
    public RosterSnapshot snapshot(String owner) {
        long version = version(owner); // read first: items changed meanwhile are then sent again, never lost
        return new RosterSnapshot(version, items(owner));
    }

    public Optional<RosterItem> item(String owner, String contact) {
        return rows("i.contact = ? AND i.removed = FALSE ORDER BY g.seq", owner, contact).map(Row::item)
                .findFirst();
    }

    /**
     * The changes after the given version, oldest first: the latest state of each contact changed since then, as
     * {@link RosterChange.Updated} or, for a removal, {@link RosterChange.Removed} (RFC 6121 §2.6.3). Empty when
     * the version is current, or newer than {@link #version} (the caller then sends the whole roster).
     */
    public List<RosterChange> changedSince(String owner, long version) {
        return rows("i.version > ? ORDER BY i.version, g.seq", owner, version).map(Row::change).toList();
    }

    /** Inserts or replaces the owner's item for {@code item.contact()}; returns the roster's new version. */
    public long put(String owner, RosterItem item) {
        return lock.inTransaction(owner, status -> {
            long next = version(owner) + 1;
            Object[] values = {item.name(), item.subscription().wireValue(), item.pendingOut(), item.pendingIn(),
                    item.pendingInStatus(), item.preApproved(), item.inRoster(), next, owner, item.contact()};
            if (jdbc.update(UPDATE, values) == 0) {
                jdbc.update(INSERT, values); // no other writer of this owner can insert it meanwhile: we hold the lock
            }
            jdbc.update("DELETE FROM xmpp_roster_group WHERE owner = ? AND contact = ?", owner, item.contact());
            List<Object[]> groups = new ArrayList<>();
            for (int i = 0; i < item.groups().size(); i++) {
                groups.add(new Object[] {owner, item.contact(), i, item.groups().get(i)});
            }
            if (!groups.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO xmpp_roster_group (owner, contact, seq, name) VALUES (?, ?, ?, ?)",
                        groups);
            }
            return setVersion(owner, next);
        });
    }

    /**
     * Removes the owner's item for the contact, visible or not, leaving a tombstone; returns the roster's new
     * version. Removing what is not there changes nothing and returns the current version.
     */
    public long remove(String owner, String contact) {
        return lock.inTransaction(owner, status -> {
            long current = version(owner);
            jdbc.update("DELETE FROM xmpp_roster_group WHERE owner = ? AND contact = ?", owner, contact);
            return jdbc.update(TOMBSTONE, current + 1, owner, contact) == 0 ? current : setVersion(owner, current + 1);
        });
    }

    /**
     * Deletes every item of the owner, leaving no tombstones (the account is gone); returns the roster's new version.
     * The version row stays and moves on, so that a client holding an older version gets the whole (empty) roster,
     * never "unchanged" (RFC 6121 §2.6.3).
     */
    public long removeAll(String owner) {
        return lock.inTransaction(owner, status -> {
            jdbc.update("DELETE FROM xmpp_roster_group WHERE owner = ?", owner);
            jdbc.update("DELETE FROM xmpp_roster_item WHERE owner = ?", owner);
            return setVersion(owner, version(owner) + 1);
        });
    }

    private long setVersion(String owner, long version) {
        jdbc.update("UPDATE xmpp_roster_version SET version = ? WHERE owner = ?", version, owner);
        return version;
    }

    /** One statement, so one consistent read of items and groups; rows of one item are adjacent by the order. */
    private Stream<Row> rows(String whereAndOrder, Object... ownerAndArgs) {
        ResultSetExtractor<List<Row>> fold = rs -> {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                Row row = rows.isEmpty() ? null : rows.getLast();
                if (row == null || !row.contact().equals(rs.getString(1))) {
                    row = new Row(rs.getString(1), rs.getString(2), Subscription.fromWire(rs.getString(3)),
                            rs.getBoolean(4), rs.getBoolean(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8),
                            rs.getBoolean(9), rs.getLong(10), new ArrayList<>());
                    rows.add(row);
                }
                if (rs.getString(11) != null) {
                    row.groups().add(rs.getString(11));
                }
            }
            return rows;
        };
        return jdbc.query(SELECT + whereAndOrder, fold, ownerAndArgs).stream();
    }

    private record Row(String contact, String name, Subscription subscription, boolean pendingOut, boolean pendingIn,
                       String pendingInStatus, boolean preApproved, boolean inRoster, boolean removed, long version,
                       List<String> groups) {

        RosterItem item() {
            return new RosterItem(contact, name, subscription, pendingOut, pendingIn, pendingInStatus, preApproved,
                    inRoster, groups);
        }

        RosterChange change() {
            return removed ? new RosterChange.Removed(contact, version) : new RosterChange.Updated(item(), version);
        }
    }
}

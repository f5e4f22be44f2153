package org.parloir.xmpp.im;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Private XML storage (XEP-0049) in the database: table {@code xmpp_private} of Flyway V4, one serialised element
 * per owner, element name and namespace. Plain blocking JDBC: run it off the network threads.
 */
public final class PrivateXmlStore {

    /** The default limit of one stored element, in UTF-8 bytes (bookmarks of a few hundred rooms). */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int maxBytes;

    public PrivateXmlStore(JdbcTemplate jdbc, TransactionTemplate tx, int maxBytes) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.maxBytes = maxBytes;
    }

    /** The largest element {@link #put} accepts, in UTF-8 bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    public Optional<String> get(String owner, String name, String namespace) {
        List<String> xml = jdbc.queryForList("SELECT xml FROM xmpp_private WHERE owner = ? AND name = ? AND namespace = ?",
                String.class, owner, name, namespace);
        return xml.stream().findFirst();
    }

    /**
     * Stores or replaces one element of the owner.
     *
     * @throws IllegalArgumentException when it is longer than {@link #maxBytes()} in UTF-8
     */
    public void put(String owner, String name, String namespace, String xml) {
        int size = xml.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            throw new IllegalArgumentException("private XML " + name + " of " + owner + " has " + size
                    + " bytes, more than the " + maxBytes + " allowed");
        }
        long now = System.currentTimeMillis();
        OwnerLock.retryingDuplicateKey(tx, status -> {
            if (jdbc.update("UPDATE xmpp_private SET xml = ?, updated_at = ? WHERE owner = ? AND name = ?"
                    + " AND namespace = ?", xml, now, owner, name, namespace) == 0) {
                jdbc.update("INSERT INTO xmpp_private (xml, updated_at, owner, name, namespace) VALUES (?, ?, ?, ?, ?)",
                        xml, now, owner, name, namespace);
            }
            return null;
        });
    }

    /** Deletes every element of the owner; returns how many there were. */
    public int deleteAll(String owner) {
        return jdbc.update("DELETE FROM xmpp_private WHERE owner = ?", owner);
    }
}

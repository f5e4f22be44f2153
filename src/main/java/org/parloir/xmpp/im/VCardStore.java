package org.parloir.xmpp.im;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * vcard-temp (XEP-0054) in the database: table {@code xmpp_vcard} of Flyway V3, one serialised
 * {@code <vCard xmlns='vcard-temp'/>} element per user. Plain blocking JDBC: run it off the network threads.
 */
public final class VCardStore {

    /** The default limit of a stored vCard, in UTF-8 bytes: room for a modest XEP-0153 photo. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int maxBytes;

    public VCardStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this(jdbc, tx, DEFAULT_MAX_BYTES);
    }

    public VCardStore(JdbcTemplate jdbc, TransactionTemplate tx, int maxBytes) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.maxBytes = maxBytes;
    }

    /** The largest vCard {@link #put} accepts, in UTF-8 bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    public Optional<String> get(String owner) {
        List<String> vcard = jdbc.queryForList("SELECT vcard FROM xmpp_vcard WHERE owner = ?", String.class, owner);
        return vcard.stream().findFirst();
    }

    /**
     * Stores or replaces the owner's vCard.
     *
     * @throws IllegalArgumentException when it is longer than {@link #maxBytes()} in UTF-8: the caller answers
     *                                  {@code not-acceptable} before that (XEP-0054 §3.2 leaves the limit to servers)
     */
    public void put(String owner, String vcardXml) {
        int size = vcardXml.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            throw new IllegalArgumentException("vCard of " + owner + " has " + size + " bytes, more than the "
                    + maxBytes + " allowed");
        }
        long now = System.currentTimeMillis();
        OwnerLock.retryingDuplicateKey(tx, status -> {
            if (jdbc.update("UPDATE xmpp_vcard SET vcard = ?, updated_at = ? WHERE owner = ?", vcardXml, now,
                    owner) == 0) {
                jdbc.update("INSERT INTO xmpp_vcard (vcard, updated_at, owner) VALUES (?, ?, ?)", vcardXml, now,
                        owner);
            }
            return null;
        });
    }

    /** Deletes the owner's vCard; true when there was one. */
    public boolean delete(String owner) {
        return jdbc.update("DELETE FROM xmpp_vcard WHERE owner = ?", owner) > 0;
    }
}

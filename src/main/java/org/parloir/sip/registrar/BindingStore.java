package org.parloir.sip.registrar;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Bindings in the database (table {@code sip_binding}, Flyway V1). Portable SQL for H2 and PostgreSQL. */
final class BindingStore implements BindingSink {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    BindingStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    record Key(String aor, String contact) {
    }

    List<Binding> loadUnexpired(long nowMillis) {
        return jdbc.query("SELECT aor, contact, q, expires_at, call_id, cseq, path, received, user_agent"
                        + " FROM sip_binding WHERE expires_at > ?",
                (rs, i) -> new Binding(rs.getString(1), rs.getString(2), rs.getFloat(3), rs.getLong(4),
                        rs.getString(5), rs.getLong(6), splitPath(rs.getString(7)), rs.getString(8),
                        rs.getString(9)),
                nowMillis);
    }

    /** Applies upserts and deletes in one transaction (delete-then-insert works on every database we run on). */
    @Override
    public void write(Collection<Binding> upserts, Collection<Key> deletes) {
        tx.executeWithoutResult(status -> {
            List<Object[]> keys = new java.util.ArrayList<>(upserts.size() + deletes.size());
            upserts.forEach(b -> keys.add(new Object[] {b.aor(), b.contact()}));
            deletes.forEach(k -> keys.add(new Object[] {k.aor(), k.contact()}));
            if (!keys.isEmpty()) {
                jdbc.batchUpdate("DELETE FROM sip_binding WHERE aor = ? AND contact = ?", keys);
            }
            if (!upserts.isEmpty()) {
                long now = System.currentTimeMillis();
                jdbc.batchUpdate("INSERT INTO sip_binding (aor, contact, q, expires_at, call_id, cseq, path,"
                                + " received, user_agent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        upserts.stream().map(b -> new Object[] {b.aor(), b.contact(), b.q(), b.expiresAt(),
                                b.callId(), b.cseq(), String.join("\n", b.path()), b.received(), b.userAgent(),
                                now}).toList());
            }
        });
    }

    @Override
    public int deleteExpired(long nowMillis) {
        return jdbc.update("DELETE FROM sip_binding WHERE expires_at <= ?", nowMillis);
    }

    private static List<String> splitPath(String path) {
        return path == null || path.isEmpty() ? List.of() : Arrays.asList(path.split("\n"));
    }
}

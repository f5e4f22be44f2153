package org.parloir.sip.registrar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind of binding changes, off the SIP threads. Changes are coalesced by (AOR, contact) — only the latest
 * state of a binding is written — so the queue is bounded by the number of bindings, and a database outage loses
 * nothing: unwritten changes stay queued and are retried with back-off. {@link #close()} flushes what is left.
 */
final class BindingWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BindingWriter.class);
    private static final int MAX_BATCH = 2000;
    /** Expired rows are never loaded (the query filters them); purging them is housekeeping. */
    private static final long PURGE_EVERY_MILLIS = 60_000;

    private final BindingStore store;
    private final Map<BindingStore.Key, Optional<Binding>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final long intervalMillis;
    private volatile long failingSince;
    private volatile long nextAttempt;

    BindingWriter(BindingStore store, Duration interval) {
        this.store = store;
        this.intervalMillis = Math.max(10, interval.toMillis());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sip-binding-writer");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::flushQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::purgeExpired, PURGE_EVERY_MILLIS, PURGE_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void purgeExpired() {
        try {
            store.deleteExpired(System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.debug("expired bindings not purged from the database this time: {}", e.getMessage());
        }
    }

    void upsert(Binding binding) {
        pending.put(new BindingStore.Key(binding.aor(), binding.contact()), Optional.of(binding));
    }

    void delete(String aor, String contact) {
        pending.put(new BindingStore.Key(aor, contact), Optional.empty());
    }

    int pendingCount() {
        return pending.size();
    }

    private void flushQuietly() {
        if (System.currentTimeMillis() < nextAttempt) {
            return;
        }
        try {
            while (flushOnce() == MAX_BATCH) {
                // keep going while there is a backlog
            }
            if (failingSince != 0) {
                log.info("binding store writable again after {} ms; backlog written", System.currentTimeMillis()
                        - failingSince);
                failingSince = 0;
            }
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            if (failingSince == 0) {
                failingSince = now;
                log.warn("cannot write SIP bindings to the database ({}); {} changes kept for retry",
                        e.getMessage(), pending.size());
            }
            long backoff = Math.min(5000, Math.max(intervalMillis, (now - failingSince) / 2));
            nextAttempt = now + backoff;
        }
    }

    /** Writes one batch; returns how many changes it took. Failed changes go back unless superseded. */
    int flushOnce() {
        List<Map.Entry<BindingStore.Key, Optional<Binding>>> batch = new ArrayList<>();
        for (Map.Entry<BindingStore.Key, Optional<Binding>> e : pending.entrySet()) {
            batch.add(Map.entry(e.getKey(), e.getValue()));
            if (batch.size() == MAX_BATCH) {
                break;
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        batch.forEach(e -> pending.remove(e.getKey(), e.getValue()));
        List<Binding> upserts = new ArrayList<>();
        List<BindingStore.Key> deletes = new ArrayList<>();
        for (var e : batch) {
            e.getValue().ifPresentOrElse(upserts::add, () -> deletes.add(e.getKey()));
        }
        try {
            store.write(upserts, deletes);
        } catch (RuntimeException ex) {
            batch.forEach(e -> pending.putIfAbsent(e.getKey(), e.getValue()));
            throw ex;
        }
        return batch.size();
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            for (int attempt = 0; attempt < 3 && !pending.isEmpty(); attempt++) {
                try {
                    while (flushOnce() > 0) {
                        // drain
                    }
                } catch (RuntimeException e) {
                    log.warn("flushing SIP bindings at shutdown failed: {}", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pending.isEmpty()) {
            log.error("{} SIP binding changes could not be written at shutdown", pending.size());
        }
    }
}

package org.parloir.sip.registrar;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of binding changes, off the SIP threads (issue 9: nothing acknowledged is ever lost). Each change
 * returns a future that completes once a transaction holding it, or a newer state of the same (AOR, contact), has
 * committed; the registrar answers from it. One writer thread writes whatever is pending as soon as there is
 * something, in one transaction: when idle a change waits for nobody, under load the changes that arrive during a
 * commit share the next one. Changes are coalesced by (AOR, contact), so the backlog is bounded by the number of
 * bindings; while the database fails it is retried with back-off and its futures stay pending.
 * {@link #close()} flushes what is left.
 */
final class BindingWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BindingWriter.class);
    private static final int MAX_BATCH = 2000;
    /** Expired rows are never loaded (the query filters them); purging them is housekeeping. */
    private static final long PURGE_EVERY_MILLIS = 60_000;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    /** The newest unwritten state of a binding (empty: delete it); the future is shared with the states it replaced. */
    private record Change(Optional<Binding> state, CompletableFuture<Void> committed) {
    }

    private final BindingSink store;
    private final Map<BindingStore.Key, Change> pending = new ConcurrentHashMap<>();
    /** One entry per key of {@link #pending}, oldest first, so a batch never scans the (possibly large) map. */
    private final Queue<BindingStore.Key> queued = new ConcurrentLinkedQueue<>();
    private final Timer commits;
    private final DistributionSummary changesPerCommit;
    private final Thread thread;
    /** The writer is parked for want of work: a new change must unpark it. */
    private volatile boolean waiting;
    private volatile boolean closed;
    // writer thread only
    private long failingSince;
    private long nextAttempt;

    BindingWriter(BindingSink store, MeterRegistry meters) {
        this.store = store;
        this.commits = Timer.builder("parloir.sip.registrar.commit")
                .description("transactions writing SIP binding changes").register(meters);
        this.changesPerCommit = DistributionSummary.builder("parloir.sip.registrar.commit.changes")
                .description("SIP binding changes per transaction").register(meters);
        this.thread = Thread.ofPlatform().name("sip-binding-writer").daemon().unstarted(this::run);
        thread.start();
    }

    /** Completes when {@code binding} (or a newer state of it) is committed; the stage is the caller's own. */
    CompletableFuture<Void> upsert(Binding binding) {
        return change(new BindingStore.Key(binding.aor(), binding.contact()), Optional.of(binding));
    }

    /** Completes when the removal (or a newer state of the binding) is committed; the stage is the caller's own. */
    CompletableFuture<Void> delete(String aor, String contact) {
        return change(new BindingStore.Key(aor, contact), Optional.empty());
    }

    int pendingCount() {
        return pending.size();
    }

    private CompletableFuture<Void> change(BindingStore.Key key, Optional<Binding> state) {
        CompletableFuture<Void> fresh = new CompletableFuture<>();
        Change change = pending.compute(key, (k, older) -> new Change(state, older == null ? fresh
                : older.committed()));
        if (change.committed() == fresh) {
            queued.add(key);
            if (waiting) {
                LockSupport.unpark(thread);
            }
        }
        // a copy: a caller's timeout must not complete the future of other waiters
        return change.committed().copy();
    }

    private void run() {
        long nextPurge = System.currentTimeMillis() + PURGE_EVERY_MILLIS;
        while (!closed) {
            long now = System.currentTimeMillis();
            if (now >= nextPurge) {
                purgeExpired(now);
                nextPurge = now + PURGE_EVERY_MILLIS;
            }
            if (now < nextAttempt) {
                LockSupport.parkNanos(this, MILLISECONDS.toNanos(Math.min(nextAttempt, nextPurge) - now));
            } else if (!queued.isEmpty()) {
                try {
                    flushOnce();
                    recovered();
                } catch (RuntimeException e) {
                    failed(e);
                }
            } else {
                waiting = true;
                if (queued.isEmpty() && !closed) { // re-check after publishing "waiting": no lost wake-up
                    LockSupport.parkNanos(this, MILLISECONDS.toNanos(nextPurge - now));
                }
                waiting = false;
            }
        }
    }

    /**
     * Writes up to {@value #MAX_BATCH} pending changes in one transaction, then completes their futures; returns
     * how many it wrote. If the transaction fails they are pending again (unless superseded meanwhile) and it throws.
     */
    int flushOnce() {
        Map<BindingStore.Key, Change> batch = new LinkedHashMap<>();
        BindingStore.Key key;
        while (batch.size() < MAX_BATCH && (key = queued.poll()) != null) {
            Change change = pending.remove(key);
            if (change != null) {
                // a change that came after this batch took the key is queued again: the newer state wins, and
                // the older one is committed by the newer one's commit (never both written: a delete acknowledged
                // and then undone by the older upsert in the same transaction)
                Change older = batch.put(key, change);
                if (older != null) {
                    completeWith(older, change);
                }
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        List<Binding> upserts = new ArrayList<>();
        List<BindingStore.Key> deletes = new ArrayList<>();
        batch.forEach((k, change) -> change.state().ifPresentOrElse(upserts::add, () -> deletes.add(k)));
        long start = System.nanoTime();
        try {
            store.write(upserts, deletes);
        } catch (RuntimeException ex) {
            batch.forEach(this::putBack);
            throw ex;
        }
        commits.record(System.nanoTime() - start, NANOSECONDS);
        changesPerCommit.record(batch.size());
        batch.values().forEach(c -> c.committed().complete(null));
        return batch.size();
    }

    /** A change that did not commit is pending again; if a newer one came meanwhile, that one's commit is its. */
    private void putBack(BindingStore.Key key, Change failed) {
        Change kept = pending.compute(key, (k, newer) -> newer == null ? failed : newer);
        if (kept == failed) {
            queued.add(key);
        } else {
            completeWith(failed, kept);
        }
    }

    /** {@code superseded} is done when {@code newer} is: it stands for a later state of the same binding. */
    private static void completeWith(Change superseded, Change newer) {
        if (superseded.committed() == newer.committed()) {
            return;
        }
        newer.committed().whenComplete((v, error) -> {
            if (error == null) {
                superseded.committed().complete(null);
            } else {
                superseded.committed().completeExceptionally(error);
            }
        });
    }

    private void failed(RuntimeException e) {
        long now = System.currentTimeMillis();
        if (failingSince == 0) {
            failingSince = now;
            log.warn("cannot write SIP bindings to the database ({}); {} changes kept for retry", e.getMessage(),
                    pending.size());
        }
        nextAttempt = now + Math.min(MAX_BACKOFF_MILLIS, Math.max(MIN_BACKOFF_MILLIS, (now - failingSince) / 2));
    }

    private void recovered() {
        if (failingSince != 0) {
            log.info("binding store writable again after {} ms; {} changes still to write",
                    System.currentTimeMillis() - failingSince, pending.size());
            failingSince = 0;
        }
    }

    private void purgeExpired(long now) {
        try {
            store.deleteExpired(now);
        } catch (RuntimeException e) {
            log.debug("expired bindings not purged from the database this time: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int attempt = 0; attempt < 3 && !queued.isEmpty(); attempt++) {
            try {
                while (flushOnce() > 0) {
                    // drain
                }
            } catch (RuntimeException e) {
                log.warn("flushing SIP bindings at shutdown failed: {}", e.getMessage());
            }
        }
        if (!pending.isEmpty()) {
            log.error("{} SIP binding changes could not be written at shutdown", pending.size());
            IllegalStateException notWritten = new IllegalStateException("binding not written at shutdown");
            pending.values().forEach(c -> c.committed().completeExceptionally(notWritten));
        }
    }
}

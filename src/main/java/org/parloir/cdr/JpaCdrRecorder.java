package org.parloir.cdr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CdrRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Every record is first made durable by the {@link CdrJournal} (appended to the fsync'd spool, many records per
 * fsync), which completes the caller's future and hands it to a bounded queue; one writer thread drains that queue in
 * batches into the {@link CdrStore}, one transaction per batch. A batch the database does not take is left in the
 * spool, and so is a record that finds the queue full: none is dropped. A journal file whose records all committed
 * is deleted; the others, and every file a previous run left (a crash included), are replayed by the writer, oldest
 * first, at start-up and every replay interval, insert-if-absent; while the database is failing, batches are left in
 * the spool instead of waiting on it. {@link #close()} journals and drains the queues to the database, or leaves the
 * records in the spool when that fails.
 */
final class JpaCdrRecorder implements CdrRecorder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JpaCdrRecorder.class);

    private final CdrStore store;
    private final CdrSpool spool;
    private final CdrJournal journal;
    private final BlockingQueue<CdrJournal.Journaled> queue;
    private final int batchSize;
    private final long flushNanos;
    private final long replayNanos;
    private final Counter written;
    private final Counter spooled;
    private final Counter failures;
    private final Thread writer;
    /** The journal is closed: the writer drains its queue and stops. */
    private volatile boolean draining;
    private volatile boolean writerDone;
    /** The last database write failed: batches go to the spool until a replay succeeds. */
    private boolean databaseDown;
    private long nextReplay;

    JpaCdrRecorder(CdrStore store, CdrSpool spool, CdrProperties props, MeterRegistry meters) {
        this.store = store;
        this.spool = spool;
        this.queue = new ArrayBlockingQueue<>(props.queueSize());
        this.batchSize = props.batchSize();
        this.flushNanos = props.flushInterval().toNanos();
        this.replayNanos = props.replayInterval().toNanos();
        Gauge.builder("parloir.cdr.queue", queue, BlockingQueue::size)
                .description("records waiting for the database writer").register(meters);
        Gauge.builder("parloir.cdr.queue.limit", props, CdrProperties::queueSize)
                .description("records the writer queue holds at most").register(meters);
        Gauge.builder("parloir.cdr.spooled", spool, CdrSpool::pending)
                .description("records in the disk spool waiting to be written to the database").register(meters);
        this.written = Counter.builder("parloir.cdr.written").description("records written to the database")
                .register(meters);
        this.spooled = Counter.builder("parloir.cdr.spool.writes")
                .description("records left in the spool for a replay: the database failed or the writer queue was full")
                .register(meters);
        this.failures = Counter.builder("parloir.cdr.failures")
                .description("database writes of a batch that failed").register(meters);
        this.nextReplay = System.nanoTime();
        this.writer = new Thread(this::run, "cdr-writer");
        writer.setDaemon(true);
        writer.start();
        this.journal = new CdrJournal(spool, props.journalQueueSize(), props.flushInterval(), this::handOff, meters);
    }

    @Override
    public CompletionStage<Void> record(CallDetail detail) {
        if (detail == null) {
            log.warn("null call detail ignored");
            return CompletableFuture.completedFuture(null);
        }
        try {
            return journal.append(CdrRecord.take(detail));
        } catch (RuntimeException e) {
            log.error("CDR of call {} not taken: {}", detail.callId(), detail, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    /** From the journal: records on disk (or, when that failed, in memory only) go to the writer's queue. */
    private void handOff(List<CdrJournal.Journaled> records) {
        List<CdrJournal.Journaled> left = new ArrayList<>();
        for (CdrJournal.Journaled record : records) {
            if (writerDone || !queue.offer(record)) {
                left.add(record);
            } else if (writerDone && queue.remove(record)) {
                left.add(record); // the writer ended between the check and the offer
            }
        }
        leave(left);
    }

    private void run() {
        List<CdrJournal.Journaled> batch = new ArrayList<>(batchSize);
        try {
            while (!draining || !queue.isEmpty()) {
                fill(batch);
                if (!batch.isEmpty()) {
                    write(batch);
                    batch.clear();
                }
                if (!draining && System.nanoTime() - nextReplay >= 0) {
                    replayOne();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("CDR writer stopped", e);
        } finally {
            leave(batch);
            writerDone = true;
        }
    }

    /** Up to one batch: waits at most one flush interval for the first record and for the batch to fill. */
    private void fill(List<CdrJournal.Journaled> batch) throws InterruptedException {
        queue.drainTo(batch, batchSize);
        if (draining || batch.size() == batchSize) {
            return;
        }
        long deadline = System.nanoTime() + flushNanos;
        while (batch.size() < batchSize && !draining) {
            long left = deadline - System.nanoTime();
            CdrJournal.Journaled next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, batchSize - batch.size());
        }
    }

    private void write(List<CdrJournal.Journaled> batch) {
        if (!databaseDown) {
            int inserted;
            try {
                inserted = store.insertAbsent(batch.stream().map(CdrJournal.Journaled::record).toList());
            } catch (RuntimeException e) {
                failures.increment();
                databaseDown = true;
                nextReplay = System.nanoTime() + replayNanos;
                log.warn("CDR database write failed ({}); records stay in the spool {} until it is back",
                        e.getMessage(), spool.dir().toAbsolutePath());
                leave(batch);
                return;
            }
            written.increment(inserted);
            settle(batch, true);
            return;
        }
        leave(batch);
    }

    /** Writes back the oldest spool file; on success the next one follows at once, on failure after a while. */
    private void replayOne() {
        try {
            var file = spool.oldest();
            if (file.isEmpty()) {
                databaseDown = false;
                nextReplay = System.nanoTime() + replayNanos;
                return;
            }
            List<CdrRecord> records = file.get().records();
            int inserted = 0;
            for (int from = 0; from < records.size(); from += batchSize) {
                inserted += insertOrReject(records.subList(from, Math.min(records.size(), from + batchSize)));
            }
            written.increment(inserted);
            spool.delete(file.get());
            log.info("{} spooled CDRs written back from {} ({} were already stored)", inserted,
                    file.get().file().getFileName(), records.size() - inserted);
            if (databaseDown) {
                log.info("CDR database writable again");
                databaseDown = false;
            }
            nextReplay = System.nanoTime();
        } catch (IOException e) {
            nextReplay = System.nanoTime() + replayNanos;
            log.warn("CDR spool not readable, replay deferred: {}", e.getMessage());
        } catch (RuntimeException e) {
            failures.increment();
            databaseDown = true;
            nextReplay = System.nanoTime() + replayNanos;
            log.debug("CDR replay deferred: {}", e.getMessage());
        }
    }

    /** A batch the database refuses for its content (not for being down) is written row by row. */
    private int insertOrReject(List<CdrRecord> chunk) throws IOException {
        try {
            return store.insertAbsent(chunk);
        } catch (DataIntegrityViolationException e) {
            int inserted = 0;
            for (CdrRecord record : chunk) {
                try {
                    inserted += store.insertAbsent(List.of(record));
                } catch (DataIntegrityViolationException refused) {
                    spool.reject(record, refused.getMostSpecificCause().getMessage());
                }
            }
            return inserted;
        }
    }

    /** Records the database took, off their journal segments (which go once all their records are settled). */
    private void settle(List<CdrJournal.Journaled> records, boolean committed) {
        Map<CdrSpool.Segment, Integer> counts = new IdentityHashMap<>();
        for (CdrJournal.Journaled record : records) {
            if (record.segment() != null) {
                counts.merge(record.segment(), 1, Integer::sum);
            }
        }
        counts.forEach((segment, count) -> spool.settled(segment, count, committed));
    }

    /**
     * Records the database did not take stay in the spool, to be replayed: those in a journal segment are settled
     * as left there, those the journal could not write are appended to the spool once more.
     */
    private void leave(List<CdrJournal.Journaled> records) {
        if (records.isEmpty()) {
            return;
        }
        settle(records, false);
        List<CdrRecord> memoryOnly = records.stream().filter(r -> r.segment() == null)
                .map(CdrJournal.Journaled::record).toList();
        spooled.increment(records.size() - memoryOnly.size());
        if (memoryOnly.isEmpty()) {
            return;
        }
        try {
            spool.append(memoryOnly);
            spooled.increment(memoryOnly.size());
        } catch (IOException | RuntimeException e) {
            // the last place left: the log
            log.error("{} CDRs could not be spooled ({}); their content: {}", memoryOnly.size(), e.getMessage(),
                    memoryOnly, e);
        }
    }

    /** Records journaled but not yet taken by the writer. */
    int queued() {
        return queue.size();
    }

    @Override
    public void close() {
        journal.close();
        draining = true;
        try {
            writer.join(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("CDR writer still busy at shutdown; spooling the records still queued");
        }
        List<CdrJournal.Journaled> left = new ArrayList<>();
        queue.drainTo(left);
        leave(left);
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("closing the CDR spool: {}", e.getMessage());
        }
    }
}

package org.parloir.cdr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CdrRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Takes records into a bounded queue; one writer thread drains it in batches into the {@link CdrStore}, one
 * transaction per batch. A batch the database does not take is spooled to disk, and so is a record that finds the
 * queue full: none is dropped. Spooled files are replayed by the same thread, oldest first, at start-up and every
 * replay interval; while the database is failing, batches go straight to the spool instead of waiting on it.
 * {@link #close()} drains the queue to the database, or to the spool when that fails.
 */
final class JpaCdrRecorder implements CdrRecorder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JpaCdrRecorder.class);

    private final CdrStore store;
    private final CdrSpool spool;
    private final BlockingQueue<CdrRecord> queue;
    private final int batchSize;
    private final long flushNanos;
    private final long replayNanos;
    private final Counter written;
    private final Counter spooled;
    private final Counter failures;
    private final Thread writer;
    private volatile boolean closing;
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
        this.spooled = Counter.builder("parloir.cdr.spool.writes").description("records appended to the spool")
                .register(meters);
        this.failures = Counter.builder("parloir.cdr.failures")
                .description("database writes of a batch that failed").register(meters);
        this.nextReplay = System.nanoTime();
        this.writer = new Thread(this::run, "cdr-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void record(CallDetail detail) {
        try {
            if (detail == null) {
                log.warn("null call detail ignored");
                return;
            }
            CdrRecord record = CdrRecord.take(detail);
            if (closing || !queue.offer(record)) {
                toSpool(List.of(record));
            } else if (writerDone && queue.remove(record)) {
                toSpool(List.of(record)); // the writer ended between the check and the offer
            }
        } catch (RuntimeException e) {
            log.error("CDR of call {} not taken: {}", detail.callId(), detail, e);
        }
    }

    private void run() {
        List<CdrRecord> batch = new ArrayList<>(batchSize);
        try {
            while (!closing || !queue.isEmpty()) {
                fill(batch);
                if (!batch.isEmpty()) {
                    write(batch);
                    batch.clear();
                }
                if (!closing && System.nanoTime() - nextReplay >= 0) {
                    replayOne();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("CDR writer stopped", e);
        } finally {
            if (!batch.isEmpty()) {
                toSpool(batch);
            }
            writerDone = true;
        }
    }

    /** Up to one batch: waits at most one flush interval for the first record and for the batch to fill. */
    private void fill(List<CdrRecord> batch) throws InterruptedException {
        queue.drainTo(batch, batchSize);
        if (closing || batch.size() == batchSize) {
            return;
        }
        long deadline = System.nanoTime() + flushNanos;
        while (batch.size() < batchSize && !closing) {
            long left = deadline - System.nanoTime();
            CdrRecord next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, batchSize - batch.size());
        }
    }

    private void write(List<CdrRecord> batch) {
        if (!databaseDown) {
            try {
                written.increment(store.insertAbsent(batch));
                return;
            } catch (RuntimeException e) {
                failures.increment();
                databaseDown = true;
                nextReplay = System.nanoTime() + replayNanos;
                log.warn("CDR database write failed ({}); records go to the spool {} until it is back",
                        e.getMessage(), spool.dir().toAbsolutePath());
            }
        }
        toSpool(batch);
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

    private void toSpool(List<CdrRecord> records) {
        try {
            spool.append(records);
            spooled.increment(records.size());
        } catch (IOException | RuntimeException e) {
            // the last place left: the log
            log.error("{} CDRs could not be spooled ({}); their content: {}", records.size(), e.getMessage(),
                    records, e);
        }
    }

    /** Records taken but not yet in the database or the spool. */
    int queued() {
        return queue.size();
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("CDR writer still busy at shutdown; spooling the records still queued");
        }
        List<CdrRecord> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            toSpool(left);
        }
        try {
            spool.close();
        } catch (IOException e) {
            log.warn("closing the CDR spool: {}", e.getMessage());
        }
    }
}

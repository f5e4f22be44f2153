package org.parloir.cdr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal of call-detail records, with group commit: one appender thread takes every record waiting
 * in a bounded queue and appends them all to the {@link CdrSpool} with one write and one fsync, then completes their
 * futures (on this thread) and hands them, with the segment that holds them, to the next stage (the database writer).
 * <p>When the queue is full, the caller appends its record itself, paying one fsync on its own thread: the queue never
 * grows past its bound and no record is refused. A record that cannot be made durable (disk full) completes
 * exceptionally and is still handed on, without a segment, from memory.
 */
final class CdrJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdrJournal.class);

    /** A record journaled, or not ({@code segment} null: it exists only in memory). */
    record Journaled(CdrRecord record, CdrSpool.Segment segment) {
    }

    private record Pending(CdrRecord record, CompletableFuture<Void> durable) {
    }

    private final CdrSpool spool;
    private final BlockingQueue<Pending> queue;
    private final Consumer<List<Journaled>> next;
    private final long idleNanos;
    private final Counter fsyncs;
    private final DistributionSummary perFsync;
    private final Timer writeTime;
    private final Counter callerAppends;
    private final Counter failures;
    private final Thread appender;
    private volatile boolean closing;
    private volatile boolean appenderDone;

    CdrJournal(CdrSpool spool, int queueSize, Duration idle, Consumer<List<Journaled>> next, MeterRegistry meters) {
        this.spool = spool;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.next = next;
        this.idleNanos = idle.toNanos();
        Gauge.builder("parloir.cdr.journal.queue", queue, BlockingQueue::size)
                .description("records waiting for the journal appender").register(meters);
        Gauge.builder("parloir.cdr.journal.queue.limit", queue, q -> q.size() + q.remainingCapacity())
                .description("records the journal queue holds at most").register(meters);
        this.fsyncs = Counter.builder("parloir.cdr.journal.fsyncs")
                .description("group commits of the CDR journal: one write and one fsync each").register(meters);
        this.perFsync = DistributionSummary.builder("parloir.cdr.journal.records.per.fsync").baseUnit("records")
                .description("records made durable by one fsync of the CDR journal").register(meters);
        this.writeTime = Timer.builder("parloir.cdr.journal.write").publishPercentiles(0.5, 0.95, 0.99)
                .description("time to append a group to the CDR journal and fsync it: what a call's last 200 waits")
                .register(meters);
        this.callerAppends = Counter.builder("parloir.cdr.journal.caller.appends")
                .description("records their caller journaled itself because the journal queue was full")
                .register(meters);
        this.failures = Counter.builder("parloir.cdr.journal.failures")
                .description("journal appends that failed (their records went on from memory)").register(meters);
        this.appender = new Thread(this::run, "cdr-journal");
        appender.setDaemon(true);
        appender.start();
    }

    /** Completes, on the appender thread (or the caller's when the queue is full), once the record is on disk. */
    CompletionStage<Void> append(CdrRecord record) {
        Pending pending = new Pending(record, new CompletableFuture<>());
        if (closing || !queue.offer(pending)) {
            callerAppends.increment();
            write(List.of(pending));
        } else if (appenderDone && queue.remove(pending)) {
            write(List.of(pending)); // the appender ended between the check and the offer
        }
        return pending.durable();
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        try {
            while (!closing || !queue.isEmpty()) {
                // no interrupt to stop this thread: it would close the journal's FileChannel
                Pending first = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
                if (first != null) {
                    group.add(first);
                    queue.drainTo(group);
                    write(group);
                    group.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("CDR journal appender stopped; callers journal their records themselves from now on", e);
            write(group.stream().filter(p -> !p.durable().isDone()).toList());
        } finally {
            appenderDone = true;
        }
    }

    /** One write and one fsync for the whole group, then its futures complete and the records go on. */
    private void write(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        List<CdrRecord> records = group.stream().map(Pending::record).toList();
        CdrSpool.Segment segment = null;
        Exception failure = null;
        long start = System.nanoTime();
        try {
            segment = spool.journal(records);
            writeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            fsyncs.increment();
            perFsync.record(records.size());
        } catch (IOException | RuntimeException e) {
            failure = e;
            failures.increment();
            log.error("{} CDRs could not be journaled ({}); they go on to the database from memory only",
                    records.size(), e.getMessage(), e);
        }
        for (Pending p : group) {
            if (failure == null) {
                p.durable().complete(null);
            } else {
                p.durable().completeExceptionally(failure);
            }
        }
        List<Journaled> journaled = new ArrayList<>(records.size());
        for (CdrRecord record : records) {
            journaled.add(new Journaled(record, segment));
        }
        next.accept(journaled);
    }

    /** Records waiting to be journaled. */
    int queued() {
        return queue.size();
    }

    /** Journals what is waiting and stops the appender; later records are journaled on their caller's thread. */
    @Override
    public void close() {
        closing = true;
        try {
            appender.join(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (appender.isAlive()) {
            log.warn("CDR journal appender still busy at shutdown; journaling the records still queued here");
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        write(left);
    }
}

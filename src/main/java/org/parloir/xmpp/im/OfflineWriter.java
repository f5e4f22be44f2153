package org.parloir.xmpp.im;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of offline messages: one thread takes every message waiting (up to {@link #MAX_BATCH}) and stores them
 * in one transaction, then completes each one's future. A stream-management acknowledgement waits for its message's
 * commit (issue 9), so a commit per message would make every sender wait for the disk one message at a time; many
 * per commit keep the cost of durability small. The queue is bounded: a full one refuses at once, and the message
 * is bounced with resource-constraint.
 */
final class OfflineWriter implements AutoCloseable {

    static final int MAX_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(OfflineWriter.class);

    private final OfflineStore store;
    private final int maxPerUser;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean closing;

    private record Pending(OfflineStore.Message message, CompletableFuture<Boolean> stored) {
    }

    OfflineWriter(OfflineStore store, int maxPerUser, int queueSize) {
        this.store = store;
        this.maxPerUser = maxPerUser;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.writer = new Thread(this::run, "xmpp-offline-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Completes with true once the message is committed, false when the owner's storage is full (nothing stored). */
    CompletableFuture<Boolean> store(String owner, String stanzaXml, Instant stamp) {
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        if (closing || !queue.offer(new Pending(new OfflineStore.Message(owner, stanzaXml, stamp), stored))) {
            stored.completeExceptionally(new RejectedExecutionException("offline message queue full"));
        }
        return stored;
    }

    int waiting() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.stored().completeExceptionally(new RejectedExecutionException("server stopping")));
    }

    private void write(List<Pending> batch) {
        List<Boolean> results;
        try {
            results = store.storeAll(batch.stream().map(Pending::message).toList(), maxPerUser);
        } catch (RuntimeException e) {
            log.warn("{} offline message(s) not stored: {}", batch.size(), e.getMessage());
            batch.forEach(p -> p.stored().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).stored().complete(results.get(i));
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

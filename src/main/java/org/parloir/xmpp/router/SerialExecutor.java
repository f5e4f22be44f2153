package org.parloir.xmpp.router;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one after another per key (an account's roster and presence work is serialised, RFC 6121 processing
 * per user), different keys in parallel on a bounded pool. A full pool fails the task's future with
 * {@link RejectedExecutionException}, which callers answer with resource-constraint.
 */
public final class SerialExecutor {

    private final Executor pool;
    private final ConcurrentHashMap<Object, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    public SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** Runs {@code task} after every earlier task of {@code key}. */
    public CompletableFuture<Void> submit(Object key, Runnable task) {
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        tails.compute(key, (k, tail) -> {
            CompletableFuture<?> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            mine[0] = previous.handle((r, e) -> null).thenRunAsync(task, pool);
            return mine[0];
        });
        mine[0].whenComplete((r, e) -> tails.remove(key, mine[0]));
        return mine[0];
    }

    public int keys() {
        return tails.size();
    }
}

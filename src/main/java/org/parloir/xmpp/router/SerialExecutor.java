package org.parloir.xmpp.router;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs tasks one after another per key (an account's roster and presence work is serialised, RFC 6121 processing
 * per user), different keys in parallel on a bounded pool. A key may have at most {@code maxPerKey} tasks waiting,
 * so one flooding account cannot pile up work; beyond it, and when the pool is full, the task's future fails with
 * {@link RejectedExecutionException}, which callers answer with resource-constraint.
 */
public final class SerialExecutor {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Executor pool;
    private final Executor essentialPool;
    private final int maxPerKey;
    private final ConcurrentHashMap<Object, Chain> chains = new ConcurrentHashMap<>();

    /** The last task of a key and how many of its tasks have not finished. */
    private record Chain(CompletableFuture<Void> tail, int pending) {
    }

    public SerialExecutor(Executor pool, int maxPerKey) {
        this(pool, pool, maxPerKey);
    }

    /**
     * @param essentialPool runs {@link #submitEssential} tasks: work the server owes others (an unavailable broadcast
     *                      at logout, the contact's side of a subscription) that must not be refused under load
     */
    public SerialExecutor(Executor pool, Executor essentialPool, int maxPerKey) {
        this.pool = pool;
        this.essentialPool = essentialPool;
        this.maxPerKey = maxPerKey;
    }

    /**
     * Like {@link #submit} for work that must happen even when the account or the pool is saturated: never refused
     * for the per-key limit, and run on the essential pool (which queues without bound).
     */
    public CompletableFuture<Void> submitEssential(Object key, Runnable task) {
        return submit(key, task, essentialPool, Integer.MAX_VALUE);
    }

    /** Runs {@code task} after every earlier task of {@code key}. */
    public CompletableFuture<Void> submit(Object key, Runnable task) {
        return submit(key, task, pool, maxPerKey);
    }

    /**
     * Like {@link #submit} for a task that finishes later than it returns (it waits for a group commit, say): the
     * key's next task starts only when the stage {@code task} returned has completed.
     */
    public CompletableFuture<Void> submitAsync(Object key, Supplier<? extends CompletionStage<?>> task) {
        return submit(key, task, pool, maxPerKey);
    }

    private CompletableFuture<Void> submit(Object key, Runnable task, Executor executor, int limit) {
        return submit(key, () -> {
            task.run();
            return DONE;
        }, executor, limit);
    }

    private CompletableFuture<Void> submit(Object key, Supplier<? extends CompletionStage<?>> task, Executor executor,
                                           int limit) {
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        boolean[] accepted = new boolean[1];
        chains.compute(key, (k, chain) -> {
            if (chain != null && chain.pending() >= limit) {
                mine[0] = CompletableFuture.failedFuture(
                        new RejectedExecutionException("more than " + maxPerKey + " tasks waiting for " + key));
                return chain;
            }
            accepted[0] = true;
            CompletableFuture<Void> previous = chain == null ? CompletableFuture.completedFuture(null) : chain.tail();
            mine[0] = previous.handle((r, e) -> null)
                    .thenComposeAsync(ignored -> task.get().thenApply(r -> (Void) null), executor);
            return new Chain(mine[0], chain == null ? 1 : chain.pending() + 1);
        });
        if (accepted[0]) {
            mine[0].whenComplete((r, e) -> finished(key));
        }
        return mine[0];
    }

    private void finished(Object key) {
        chains.computeIfPresent(key, (k, chain) -> chain.pending() <= 1 ? null : new Chain(chain.tail(), chain.pending() - 1));
    }

    /** Keys with work waiting or running. */
    public int keys() {
        return chains.size();
    }
}

package org.parloir.aaa;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs blocking RADIUS exchanges on the bounded aaa executor, never on the caller's thread (a JAIN-SIP listener or a
 * Netty event loop). A full queue fails at once; an exchange not done within {@code budget} (queueing included)
 * fails with a TimeoutException, though the exchange itself runs on.
 *
 * @param budget every server's every attempt, plus one attempt's worth of queueing
 */
record BoundedSends(Executor executor, Duration budget) {

    static BoundedSends of(Executor executor, AaaProperties.Radius radius) {
        long attempts = (long) radius.servers().size() * (radius.retries() + 1) + 1;
        return new BoundedSends(executor, radius.timeout().multipliedBy(attempts));
    }

    <T> CompletableFuture<T> supply(Supplier<T> exchange) {
        try {
            return CompletableFuture.supplyAsync(exchange, executor)
                    .orTimeout(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("RADIUS queue full", e));
        }
    }
}

package org.parloir.directory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.parloir.directory.api.DirectoryUnavailableException;

/**
 * Runs blocking store calls (LDAP, JDBC, key derivation) on a bounded executor with a timeout, never on the
 * caller's thread. A full queue, a timeout or a store error completes exceptionally with
 * {@link DirectoryUnavailableException}; the call itself is not interrupted by the timeout.
 *
 * @param store    what runs the calls, for messages ({@code directory}, {@code account store})
 * @param executor bounded executor with an aborting rejection policy
 * @param timeout  how long a caller waits for an answer, queueing included
 */
record BoundedCalls(String store, Executor executor, Duration timeout) {

    <T> CompletableFuture<T> supply(String what, Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, executor)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable(what, e)));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new DirectoryUnavailableException(store + " queue full", e));
        }
    }

    private DirectoryUnavailableException unavailable(String what, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof DirectoryUnavailableException known) {
            return known;
        }
        String why = cause instanceof TimeoutException ? store + " timeout" : store + " error: " + cause.getMessage();
        return new DirectoryUnavailableException(why + " " + what, cause);
    }
}

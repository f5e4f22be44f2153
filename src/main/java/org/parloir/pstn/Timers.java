package org.parloir.pstn;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Delayed tasks of the adapter (pings, registration refreshes, timeouts); a fake runs them by hand in tests. */
interface Timers {

    /** Runs {@code task} after {@code delay}; the result cancels it. */
    Runnable schedule(Runnable task, Duration delay);

    static Timers of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            var future = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}

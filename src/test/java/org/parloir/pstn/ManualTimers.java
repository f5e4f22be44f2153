package org.parloir.pstn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Timers run by the test: nothing happens until {@link #runPending()}. */
final class ManualTimers implements Timers {

    record Task(Runnable task, Duration delay, boolean[] cancelled) {
    }

    private final List<Task> pending = new ArrayList<>();

    @Override
    public synchronized Runnable schedule(Runnable task, Duration delay) {
        Task t = new Task(task, delay, new boolean[1]);
        pending.add(t);
        return () -> t.cancelled()[0] = true;
    }

    /** Runs the tasks scheduled so far (not those they schedule); returns how many ran. */
    int runPending() {
        List<Task> due;
        synchronized (this) {
            due = new ArrayList<>(pending);
            pending.clear();
        }
        int ran = 0;
        for (Task t : due) {
            if (!t.cancelled()[0]) {
                t.task().run();
                ran++;
            }
        }
        return ran;
    }

    synchronized List<Duration> delays() {
        return pending.stream().filter(t -> !t.cancelled()[0]).map(Task::delay).toList();
    }
}

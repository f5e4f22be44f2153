package org.parloir.bridge.media.load;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The 20 ms clock of every call: platform threads, each owning a share of the calls spread over 20 one-millisecond
 * slots (call i sends in slot i mod 20), so the load is even instead of one burst per period; waiting for the next
 * slot is the generator's pacing, not synchronisation. A thread that falls behind sends the missed slots at once
 * and records how late it was. One more thread sends the ICE checks.
 */
final class Senders implements AutoCloseable {

    static final long PERIOD_NANOS = 20_000_000L;
    private static final int SLOTS = 20;
    private static final long SLOT_NANOS = PERIOD_NANOS / SLOTS;

    private final List<List<LoadCall>> slots;
    private final List<LoadCall> all = new CopyOnWriteArrayList<>();
    private final Thread[] threads;
    private final Thread ice;
    private final AtomicInteger step;
    private final AtomicLong maxLateNanos = new AtomicLong();
    private volatile boolean stop;

    Senders(int count, AtomicInteger step) {
        this.step = step;
        slots = new java.util.ArrayList<>();
        for (int i = 0; i < count * SLOTS; i++) {
            slots.add(new CopyOnWriteArrayList<>());
        }
        threads = new Thread[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int k = i;
            threads[i] = Thread.ofPlatform().daemon().name("load-sender-" + i).start(() -> run(k, start));
        }
        ice = Thread.ofPlatform().daemon().name("load-ice").start(this::checks);
    }

    void add(LoadCall call) {
        all.add(call);
        int thread = call.index % threads.length;
        slots.get(thread * SLOTS + (call.index / threads.length) % SLOTS).add(call);
    }

    /** The most a sender thread was behind its schedule since the last call (ns). */
    long takeMaxLateNanos() {
        return maxLateNanos.getAndSet(0);
    }

    private void run(int k, long start) {
        long tick = 0;
        while (!stop) {
            long due = start + tick * SLOT_NANOS;
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            maxLateNanos.accumulateAndGet(now - due, Math::max);
            int s = step.get();
            for (LoadCall call : slots.get(k * SLOTS + (int) (tick % SLOTS))) {
                try {
                    call.sendBoth(s);
                } catch (IOException | RuntimeException e) {
                    // a closed port at the end of the run, or a full socket buffer: a lost packet, counted as such
                }
            }
            tick++;
        }
    }

    private void checks() {
        while (!stop) {
            long now = System.nanoTime();
            for (LoadCall call : all) {
                try {
                    call.maybeCheck(now);
                } catch (IOException | RuntimeException e) {
                    // closed at the end of the run
                }
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    @Override
    public void close() {
        stop = true;
        for (Thread t : threads) {
            join(t);
        }
        join(ice);
    }

    private static void join(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.parloir.cdr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

/** An in-memory database of records keyed by record id, which can be down, lose its answers, or hold writers. */
final class FakeCdrStore implements CdrStore {

    enum Mode {
        UP,
        /** Fails before writing anything, like a refused connection. */
        DOWN,
        /** Commits, then fails as if the answer was lost: the caller cannot know the batch is stored. */
        COMMIT_THEN_FAIL
    }

    private final Map<String, CdrRecord> rows = new LinkedHashMap<>();
    private final List<String> insertedIds = new ArrayList<>();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile String refusedCallId;
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Writers wait until {@link #open()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Writers waiting for {@link #open()}. */
    int held() {
        return held.get();
    }

    void open() {
        gate.countDown();
    }

    /** Refuses (for its content) any batch holding this call. */
    void refuse(String callId) {
        this.refusedCallId = callId;
    }

    @Override
    public int insertAbsent(List<CdrRecord> batch) {
        try {
            held.incrementAndGet();
            gate.await();
            held.decrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Mode now = mode;
        if (now == Mode.DOWN) {
            throw new DataAccessResourceFailureException("connection refused");
        }
        if (batch.stream().anyMatch(r -> r.detail().callId().equals(refusedCallId))) {
            throw new DataIntegrityViolationException("value too long");
        }
        int inserted = 0;
        synchronized (this) {
            for (CdrRecord r : batch) {
                insertedIds.add(r.recordId());
                if (rows.putIfAbsent(r.recordId(), r) == null) {
                    inserted++;
                }
            }
        }
        if (now == Mode.COMMIT_THEN_FAIL) {
            throw new DataAccessResourceFailureException("connection reset after commit");
        }
        return inserted;
    }

    /** The rows, in insertion order. */
    synchronized List<CdrRecord> records() {
        return List.copyOf(rows.values());
    }

    synchronized List<String> callIds() {
        return rows.values().stream().map(r -> r.detail().callId()).toList();
    }

    synchronized int size() {
        return rows.size();
    }

    /** How many times ids were offered for insert, duplicates included. */
    synchronized int offered() {
        return insertedIds.size();
    }
}

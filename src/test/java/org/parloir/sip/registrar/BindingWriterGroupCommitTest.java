package org.parloir.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit (issue 9): a change's future completes only after the transaction holding it returned, changes
 * that arrive during a transaction share the next one, and an outage keeps futures pending until recovery.
 * Against a sink that counts transactions and can be held or made to fail; nothing here depends on timing.
 */
class BindingWriterGroupCommitTest {

    /** A database stand-in: records each transaction; {@link #hold()} makes the next ones wait for a permit. */
    static final class CountingSink implements BindingSink {
        final List<List<Binding>> transactions = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final Semaphore permits = new Semaphore(0);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean holding;
        volatile boolean failing;

        void hold() {
            holding = true;
        }

        /** Lets the held transaction and all later ones through. */
        void open() {
            holding = false;
            permits.release(1000);
        }

        @Override
        public void write(Collection<Binding> upserts, Collection<BindingStore.Key> deletes) {
            calls.incrementAndGet();
            entered.countDown();
            if (holding) {
                permits.acquireUninterruptibly();
            }
            if (failing) {
                failures.incrementAndGet();
                throw new IllegalStateException("database down");
            }
            List<Binding> tx = new ArrayList<>(upserts);
            deletes.forEach(k -> tx.add(new Binding(k.aor(), k.contact(), -1, 0, "deleted", 0, List.of(), "", null)));
            transactions.add(tx);
        }

        @Override
        public int deleteExpired(long nowMillis) {
            return 0;
        }

        List<Binding> written() {
            return transactions.stream().flatMap(List::stream).toList();
        }
    }

    private final CountingSink sink = new CountingSink();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BindingWriter writer = new BindingWriter(sink, meters);

    @AfterEach
    void close() {
        sink.failing = false;
        sink.open();
        writer.close();
    }

    private static Binding binding(String user, long cseq) {
        return new Binding(user + "@example.org", "sip:" + user + "@192.0.2.1", -1,
                System.currentTimeMillis() + 3_600_000, "call-" + user, cseq, List.of(), "udp:192.0.2.1:5060", null);
    }

    @Test
    void aChangeCompletesOnlyAfterItsTransactionReturned() throws Exception {
        sink.hold();
        CompletableFuture<Void> committed = writer.upsert(binding("alice", 1));
        assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // the writer is inside the transaction and cannot leave it until we let it
        assertThat(committed).isNotDone();
        assertThat(sink.transactions).isEmpty();

        sink.permits.release();
        await().atMost(Duration.ofSeconds(10)).until(committed::isDone);
        assertThat(committed).isCompleted();
        assertThat(sink.written()).extracting(Binding::aor).containsExactly("alice@example.org");
        assertThat(meters.get("parloir.sip.registrar.commit").timer().count()).isEqualTo(1);
    }

    @Test
    void aBurstFromManyThreadsSharesTransactions() throws Exception {
        sink.hold();
        CompletableFuture<Void> first = writer.upsert(binding("first", 1));
        assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // while the first transaction is open, 8 threads register 500 users each
        List<CompletableFuture<Void>> burst = new CopyOnWriteArrayList<>();
        try (ExecutorService phones = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                phones.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        burst.add(writer.upsert(binding("u" + thread + "-" + i, 1)));
                    }
                });
            }
        }
        assertThat(burst).hasSize(4000).noneMatch(CompletableFuture::isDone);

        sink.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> burst.stream().allMatch(CompletableFuture::isDone));
        assertThat(first).isCompleted();
        assertThat(sink.written()).hasSize(4001);
        // the first alone, then 4000 changes in batches of at most 2000
        assertThat(sink.calls.get()).isEqualTo(3);
        assertThat(meters.get("parloir.sip.registrar.commit.changes").summary().totalAmount()).isEqualTo(4001);
    }

    @Test
    void aSupersededChangeCompletesWithTheNewerOnesCommit() throws Exception {
        sink.hold();
        writer.upsert(binding("other", 1));
        assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> older = writer.upsert(binding("bob", 1));
        CompletableFuture<Void> newer = writer.upsert(binding("bob", 2));

        sink.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> older.isDone() && newer.isDone());
        // coalesced: only the newer state was written, and both waited for it
        assertThat(sink.written()).filteredOn(b -> b.aor().startsWith("bob")).singleElement()
                .satisfies(b -> assertThat(b.cseq()).isEqualTo(2));
    }

    @Test
    void aFailedChangeSupersededDuringItsTransactionWaitsForTheNewerCommit() throws Exception {
        sink.hold();
        sink.failing = true;
        CompletableFuture<Void> older = writer.upsert(binding("carol", 1));
        assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // carol#1 is inside a transaction that will fail; carol#2 arrives meanwhile
        CompletableFuture<Void> newer = writer.upsert(binding("carol", 2));
        sink.permits.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.failures.get() == 1);
        assertThat(older).isNotDone();

        sink.failing = false;
        sink.open();
        await().atMost(Duration.ofSeconds(10)).until(() -> older.isDone() && newer.isDone());
        assertThat(sink.written()).singleElement().satisfies(b -> assertThat(b.cseq()).isEqualTo(2));
    }

    @Test
    void aFailingDatabaseKeepsFuturesPendingUntilItRecovers() {
        sink.failing = true;
        CompletableFuture<Void> added = writer.upsert(binding("dave", 1));
        CompletableFuture<Void> removed = writer.delete("erin@example.org", "sip:erin@192.0.2.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.failures.get() >= 2); // retried
        assertThat(added).isNotDone();
        assertThat(removed).isNotDone();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.pendingCount() == 2); // between two attempts

        sink.failing = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> added.isDone() && removed.isDone());
        assertThat(added).isCompleted();
        assertThat(removed).isCompleted();
        assertThat(sink.written()).extracting(Binding::aor)
                .containsExactlyInAnyOrder("dave@example.org", "erin@example.org");
        assertThat(writer.pendingCount()).isZero();
    }

    @Test
    void aCallersTimeoutDoesNotCompleteOtherWaiters() {
        sink.failing = true;
        CompletableFuture<Void> impatient = writer.upsert(binding("frank", 1));
        CompletableFuture<Void> patient = writer.upsert(binding("frank", 2));
        impatient.completeExceptionally(new java.util.concurrent.TimeoutException());
        sink.failing = false;
        await().atMost(Duration.ofSeconds(10)).until(patient::isDone);
        assertThat(patient).isCompleted();
    }
}

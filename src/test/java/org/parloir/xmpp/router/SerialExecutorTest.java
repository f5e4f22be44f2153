package org.parloir.xmpp.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksOfOneKeyRunInOrderAndAFloodIsRefused() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool, 5);
            CountDownLatch gate = new CountDownLatch(1);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            futures.add(serial.submit("alice", () -> {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                order.add(0);
            }));
            for (int i = 1; i < 5; i++) {
                int n = i;
                futures.add(serial.submit("alice", () -> order.add(n)));
            }
            // the sixth waiting task of the same key is refused; another key is not affected
            CompletableFuture<Void> refused = serial.submit("alice", () -> order.add(99));
            assertThat(refused).isCompletedExceptionally();
            assertThat(refused.handle((r, e) -> e).join()).isInstanceOf(RejectedExecutionException.class);
            // work owed to others is queued all the same, after everything before it
            futures.add(serial.submitEssential("alice", () -> order.add(5)));
            serial.submit("bob", () -> { }).get(10, TimeUnit.SECONDS);
            gate.countDown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
            // once drained, the key accepts work again and is forgotten when idle
            serial.submit("alice", () -> order.add(6)).get(10, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> serial.keys() == 0);
        } finally {
            pool.shutdownNow();
        }
    }
}

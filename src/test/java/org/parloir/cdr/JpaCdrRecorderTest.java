package org.parloir.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class JpaCdrRecorderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    final FakeCdrStore store = new FakeCdrStore();
    SimpleMeterRegistry meters;
    CdrSpool spool;
    JpaCdrRecorder recorder;

    private JpaCdrRecorder start(int queueSize) {
        meters = new SimpleMeterRegistry();
        spool = new CdrSpool(dir, 4096);
        CdrProperties props = new CdrProperties(queueSize, 10, Duration.ofMillis(20), dir.toString(),
                DataSize.ofKilobytes(4), Duration.ofMillis(100), 1000);
        recorder = new JpaCdrRecorder(store, spool, props, meters);
        return recorder;
    }

    @AfterEach
    void close() {
        store.open();
        if (recorder != null) {
            recorder.close();
        }
    }

    private List<CompletableFuture<Void>> recordCalls(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(n -> recorder.record(Cdrs.call(n)).toCompletableFuture()).toList();
    }

    private static List<String> callIds(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(n -> Cdrs.call(n).callId()).toList();
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    @Test
    void recordsAreWrittenInBatches() {
        start(100);
        recordCalls(0, 35);
        await().until(() -> store.size() == 35);
        assertThat(store.callIds()).containsExactlyElementsOf(callIds(0, 35));
        assertThat(counter("parloir.cdr.written")).isEqualTo(35);
        assertThat(counter("parloir.cdr.spool.writes")).isZero();
        assertThat(meters.get("parloir.cdr.queue.limit").gauge().value()).isEqualTo(100);
    }

    @Test
    void anOutageSpoolsRecordsAndTheyComeBackOnceItEnds() {
        start(100);
        store.mode(FakeCdrStore.Mode.DOWN);
        recordCalls(0, 60);
        await().until(() -> spool.pending() == 60);
        assertThat(store.size()).isZero();
        assertThat(counter("parloir.cdr.failures")).isPositive();
        assertThat(meters.get("parloir.cdr.spooled").gauge().value()).isEqualTo(60);

        store.mode(FakeCdrStore.Mode.UP);
        recordCalls(60, 5);
        await().until(() -> store.size() == 65 && spool.pending() == 0);
        assertThat(store.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 65));
        assertThat(counter("parloir.cdr.written")).isEqualTo(65);
        assertThat(counter("parloir.cdr.spool.writes")).isGreaterThanOrEqualTo(60);
    }

    @Test
    void aBatchWhoseCommitWasNotConfirmedIsReplayedWithoutDuplicates() {
        start(100);
        store.mode(FakeCdrStore.Mode.COMMIT_THEN_FAIL);
        recordCalls(0, 10);
        await().until(() -> spool.pending() >= 10);
        store.mode(FakeCdrStore.Mode.UP);
        await().until(() -> spool.pending() == 0);
        assertThat(store.offered()).isGreaterThan(10); // the same ids were offered again ...
        assertThat(store.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 10)); // ... and stored once
    }

    @Test
    void aFullQueueLeavesRecordsInTheSpoolWithoutWaiting() {
        start(5);
        store.hold(); // the writer takes a first batch and hangs in the database
        recordCalls(0, 1);
        await().until(() -> store.held() == 1);
        // all 30 are durable although the database hangs; 5 fit the writer's queue, the other 25 stay in the spool
        assertThat(recordCalls(1, 30)).allSatisfy(durable -> assertThat(durable).succeedsWithin(PATIENCE));
        await().until(() -> counter("parloir.cdr.spool.writes") == 25);
        assertThat(spool.pending()).isEqualTo(31);
        assertThat(recorder.queued()).isEqualTo(5);
        store.open();
        await().until(() -> store.size() == 31 && spool.pending() == 0);
        assertThat(store.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 31));
    }

    @Test
    void closingDuringAnOutageSpoolsTheQueueAndTheNextRunReplaysIt() {
        start(1000);
        store.mode(FakeCdrStore.Mode.DOWN);
        store.hold();
        recordCalls(0, 100);
        store.open();
        recorder.close();
        recorder = null;
        assertThat(store.size()).isZero();
        assertThat(new CdrSpool(dir, 4096).pending()).isEqualTo(100);

        store.mode(FakeCdrStore.Mode.UP);
        start(1000); // replays at start-up
        await().until(() -> store.size() == 100 && spool.pending() == 0);
        assertThat(store.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 100));
    }

    @Test
    void closingDrainsTheQueueToTheDatabase() {
        start(1000);
        store.hold();
        recordCalls(0, 100);
        store.open();
        recorder.close();
        recorder = null;
        assertThat(store.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 100));
        assertThat(new CdrSpool(dir, 4096).pending()).isZero();
    }

    @Test
    void aRecordTheDatabaseRefusesIsSetAsideAndDoesNotBlockTheOthers() throws IOException {
        start(100);
        store.refuse(Cdrs.call(3).callId());
        recordCalls(0, 8);
        await().until(() -> store.size() == 7 && spool.pending() == 0);
        assertThat(store.callIds()).doesNotContain(Cdrs.call(3).callId());
        assertThat(Files.readString(dir.resolve("rejected.bad"), StandardCharsets.UTF_8))
                .contains(Cdrs.call(3).callId());
    }
}

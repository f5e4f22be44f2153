package org.parloir.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The write-ahead journal: what {@code record()} acknowledges is on disk, and survives a crash. */
class CdrJournalTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    final FakeCdrStore store = new FakeCdrStore();
    final List<JpaCdrRecorder> recorders = new ArrayList<>();
    SimpleMeterRegistry meters;
    CdrSpool spool;

    private JpaCdrRecorder start(CdrStore into, Path folder, long fileBytes, int journalQueue) {
        meters = new SimpleMeterRegistry();
        spool = new CdrSpool(folder, fileBytes);
        CdrProperties props = new CdrProperties(1000, 10, Duration.ofMillis(20), folder.toString(),
                DataSize.ofBytes(fileBytes), Duration.ofMillis(100), journalQueue);
        JpaCdrRecorder recorder = new JpaCdrRecorder(into, spool, props, meters);
        recorders.add(recorder);
        return recorder;
    }

    private JpaCdrRecorder start() {
        return start(store, dir, 1 << 20, 1000);
    }

    @AfterEach
    void close() {
        store.open();
        recorders.forEach(JpaCdrRecorder::close);
    }

    private static List<CompletableFuture<Void>> record(JpaCdrRecorder recorder, int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(n -> recorder.record(Cdrs.call(n)).toCompletableFuture()).toList();
    }

    private static List<String> callIds(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(n -> Cdrs.call(n).callId()).toList();
    }

    private static void awaitDurable(List<CompletableFuture<Void>> records) {
        assertThat(records).allSatisfy(durable -> assertThat(durable).succeedsWithin(PATIENCE));
    }

    private List<Path> journalFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String journalText(Path folder) {
        StringBuilder text = new StringBuilder();
        for (Path file : journalFiles(folder)) {
            try {
                text.append(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text.toString();
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    @Test
    void aBurstOfConcurrentRecordsIsAcknowledgedAfterItsLinesAreWrittenWithFewFsyncs() throws Exception {
        JpaCdrRecorder recorder = start();
        Set<String> inFileWhenAcknowledged = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            // a slow disk: the appender cannot write while this thread holds the spool, so the burst queues up
            synchronized (spool) {
                List<Future<CompletableFuture<Void>>> taken = new ArrayList<>();
                for (int n = 0; n < 200; n++) {
                    int call = n;
                    taken.add(callers.submit(() -> recorder.record(Cdrs.call(call)).toCompletableFuture()
                            .thenRun(() -> {
                                // runs when acknowledged: the record must be in the journal by then
                                if (journalText(dir).contains("\"callId\":\"" + Cdrs.call(call).callId() + "\"")) {
                                    inFileWhenAcknowledged.add(Cdrs.call(call).callId());
                                }
                            })));
                }
                for (Future<CompletableFuture<Void>> f : taken) {
                    durable.add(f.get());
                }
                assertThat(durable).noneMatch(CompletableFuture::isDone);
            }
            awaitDurable(durable);
        } finally {
            callers.shutdown();
        }
        assertThat(inFileWhenAcknowledged).containsExactlyInAnyOrderElementsOf(callIds(0, 200));
        // one group the appender took before the disk freed up, and one with everything that waited meanwhile
        assertThat(counter("parloir.cdr.journal.fsyncs")).isLessThanOrEqualTo(2).isLessThan(200);
        assertThat(meters.get("parloir.cdr.journal.records.per.fsync").summary().totalAmount()).isEqualTo(200);
        await().until(() -> store.size() == 200);
        assertThat(store.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 200));
    }

    @Test
    void aFullJournalQueueMakesTheCallerJournalItsOwnRecord() {
        JpaCdrRecorder recorder = start(store, dir, 1 << 20, 1);
        List<CompletableFuture<Void>> durable;
        synchronized (spool) { // the appender is stuck with at most one record, one more waits in the queue
            durable = record(recorder, 0, 10);
            assertThat(meters.get("parloir.cdr.journal.queue").gauge().value()).isLessThanOrEqualTo(1);
        }
        assertThat(counter("parloir.cdr.journal.caller.appends")).isGreaterThanOrEqualTo(8);
        awaitDurable(durable);
        await().until(() -> store.size() == 10);
        assertThat(store.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 10));
    }

    @Test
    void aRecorderAbandonedWithoutClosingLosesNoAcknowledgedRecordAndStoresEachOnce() throws IOException {
        JpaCdrRecorder crashed = start(store, dir, 4096, 1000); // a few records per journal file
        awaitDurable(record(crashed, 0, 10));
        await().until(() -> store.size() == 10);
        store.hold(); // the writer hangs in the database with a batch; the others wait in its queue
        awaitDurable(record(crashed, 10, 40));
        assertThat(store.size()).isEqualTo(10);
        // the crash: that recorder is never closed; the database keeps what it committed
        FakeCdrStore afterCrash = new FakeCdrStore();
        afterCrash.insertAbsent(store.records());

        start(afterCrash, dir, 4096, 1000); // replays at start-up
        await().until(() -> afterCrash.size() == 50 && spool.pending() == 0);
        assertThat(afterCrash.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 50));
        assertThat(journalFiles(dir)).hasSizeLessThanOrEqualTo(1); // at most this run's own, still open
    }

    @Test
    void aTornLastLineOfACrashedRunIsSetAsideAndTheAcknowledgedRecordsAreReplayed() throws IOException {
        store.hold(); // the database hangs: nothing is committed, nothing replayed by that run
        JpaCdrRecorder crashed = start();
        awaitDurable(record(crashed, 0, 20));
        // killed in the middle of appending a record it had not acknowledged
        Path last = journalFiles(dir).getLast();
        Files.write(last, "{\"recordId\":\"torn\",\"detail\":{\"callId\":".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        FakeCdrStore afterCrash = new FakeCdrStore();
        start(afterCrash, dir, 1 << 20, 1000);
        await().until(() -> afterCrash.size() == 20 && spool.pending() == 0);
        assertThat(afterCrash.callIds()).containsExactlyInAnyOrderElementsOf(callIds(0, 20));
        assertThat(Files.readAllLines(last.resolveSibling(last.getFileName() + ".bad"), StandardCharsets.UTF_8))
                .singleElement().asString().startsWith("{\"recordId\":\"torn\"");
    }

    @Test
    void journalFilesAreDeletedOnceTheirRecordsAreInTheDatabase() {
        JpaCdrRecorder recorder = start(store, dir, 2048, 1000); // a few records per journal file
        for (int n = 0; n < 50; n += 5) {
            awaitDurable(record(recorder, n, 5));
        }
        await().until(() -> store.size() == 50 && spool.pending() == 0);
        assertThat(counter("parloir.cdr.journal.fsyncs")).isGreaterThanOrEqualTo(10);
        // every file the journal filled and closed is gone; only the one still being appended to may be left
        await().until(() -> journalFiles(dir).size() <= 1);
        assertThat(journalFiles(dir)).noneMatch(p -> p.getFileName().toString().equals("cdr-000000000001.jsonl"));
        assertThat(counter("parloir.cdr.spool.writes")).isZero();

        recorder.close();
        assertThat(journalFiles(dir)).isEmpty();
    }

    @Test
    void aRecordThatCannotBeJournaledFailsItsStageAndStillReachesTheDatabase() throws IOException {
        Path folder = dir.resolve("spool");
        JpaCdrRecorder recorder = start(store, folder, 1 << 20, 1000);
        Files.delete(folder); // no room for a journal file any more
        CompletableFuture<Void> durable = record(recorder, 0, 1).getFirst();
        assertThat(durable).failsWithin(PATIENCE);
        await().until(() -> store.size() == 1);
        assertThat(store.callIds()).containsExactly(Cdrs.call(0).callId());
        assertThat(counter("parloir.cdr.journal.failures")).isEqualTo(1);
    }
}

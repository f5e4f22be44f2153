package org.parloir.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;

class CdrSpoolTest {

    @TempDir
    Path dir;

    private static List<CdrRecord> records(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(n -> CdrRecord.take(Cdrs.call(n))).toList();
    }

    /** Reads and deletes every file, oldest first. */
    private static List<CdrRecord> drain(CdrSpool spool) throws IOException {
        List<CdrRecord> all = new ArrayList<>();
        for (var batch = spool.oldest(); batch.isPresent(); batch = spool.oldest()) {
            all.addAll(batch.get().records());
            spool.delete(batch.get());
        }
        return all;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void recordsComeBackAsTheyWereWritten() throws IOException {
        CdrSpool spool = new CdrSpool(dir, 1 << 20);
        List<CdrRecord> written = records(0, 3);
        spool.append(written);
        CallDetail unanswered = new CallDetail("c", "sip:bob@example.org", null, "sip:carol@example.org", null,
                null, null, Cdrs.T0, null, Cdrs.T0.plusSeconds(1), 486, null, null);
        CdrRecord sparse = CdrRecord.take(unanswered);
        spool.append(List.of(sparse));
        assertThat(spool.pending()).isEqualTo(4);
        // one line a record, times as ISO-8601 text: an operator can read and grep the spool
        List<String> lines = Files.readAllLines(dir.resolve(names().getFirst()), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).contains("\"recordId\":\"" + written.getFirst().recordId() + "\"")
                .contains("\"startTime\":\"2026-11-24T10:00:00Z\"");

        List<CdrRecord> read = drain(spool);
        assertThat(read).containsExactlyElementsOf(Stream.concat(written.stream(), Stream.of(sparse)).toList());
        assertThat(spool.pending()).isZero();
        assertThat(names()).isEmpty();
    }

    @Test
    void filesRotateBySizeAndAreReplayedOldestFirst() throws IOException {
        CdrSpool spool = new CdrSpool(dir, 1000); // a few records per file
        List<CdrRecord> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<CdrRecord> two = records(i * 2, 2);
            spool.append(two);
            written.addAll(two);
        }
        assertThat(names()).hasSizeGreaterThan(3).allMatch(n -> n.matches("cdr-\\d{12}\\.jsonl"));
        assertThat(spool.pending()).isEqualTo(20);
        assertThat(drain(spool)).containsExactlyElementsOf(written);
    }

    @Test
    void aNewRunCountsWhatIsLeftAndNeverAppendsToAnOldFile() throws IOException {
        CdrSpool first = new CdrSpool(dir, 1 << 20);
        first.append(records(0, 5));
        first.close();
        List<String> before = names();

        CdrSpool second = new CdrSpool(dir, 1 << 20);
        assertThat(second.pending()).isEqualTo(5);
        second.append(records(5, 1));
        assertThat(names()).hasSize(2).containsAll(before);
        assertThat(drain(second)).extracting(r -> r.detail().callId())
                .containsExactly("call-0@10.0.0.1", "call-1@10.0.0.1", "call-2@10.0.0.1", "call-3@10.0.0.1",
                        "call-4@10.0.0.1", "call-5@10.0.0.1");
    }

    @Test
    void corruptLinesAreMovedAsideAndTheRestIsReplayed() throws IOException {
        CdrSpool first = new CdrSpool(dir, 1 << 20);
        first.append(records(0, 2));
        first.close();
        Path file = dir.resolve(names().getFirst());
        // a hand edit, a half-written last line (crash mid-append) and bytes that are not UTF-8
        Files.write(file, "{\"recordId\":\"x\"}\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}, StandardOpenOption.APPEND);
        Files.write(file, "{\"recordId\":\"abc\",\"detail\":{\"callId\":".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        CdrSpool spool = new CdrSpool(dir, 1 << 20);
        assertThat(spool.pending()).isEqualTo(5);
        var batch = spool.oldest().orElseThrow();
        assertThat(batch.records()).extracting(r -> r.detail().callId())
                .containsExactly("call-0@10.0.0.1", "call-1@10.0.0.1");
        assertThat(spool.pending()).isEqualTo(2);
        Path bad = dir.resolve(file.getFileName() + ".bad");
        assertThat(Files.readAllLines(bad, StandardCharsets.ISO_8859_1)).hasSize(3);
        // the file keeps only its good lines until they are written: a second read finds nothing more to move
        assertThat(spool.oldest().orElseThrow().records()).hasSize(2);
        assertThat(Files.readAllLines(bad, StandardCharsets.ISO_8859_1)).hasSize(3);
        spool.delete(batch);
        assertThat(spool.oldest()).isEmpty();
        assertThat(names()).containsExactly(bad.getFileName().toString());
    }
}

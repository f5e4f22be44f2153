package org.parloir.cdr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk spool, which is also the write-ahead journal: append-only files {@code cdr-<sequence>.jsonl} of one JSON
 * line per record, fsync'd before an append returns, a new file past {@code maxFileBytes}.
 * <p>Every record is {@linkplain #journal journaled} before it goes to the database. The file it went to is a live
 * {@link Segment} until each of its records is {@linkplain #settled settled}: committed, or left for replay (the
 * database failed, the writer queue was full). A closed segment whose records all committed is deleted; one with a
 * record left becomes a spool file like those of earlier runs. Spool files are handed to the replayer oldest first,
 * live segments never, and deleted only after their records committed. A line that does not parse is moved aside to
 * {@code <file>.bad}.
 */
final class CdrSpool {

    private static final Logger log = LoggerFactory.getLogger(CdrSpool.class);
    private static final String PREFIX = "cdr-";
    private static final String SUFFIX = ".jsonl";

    /** The records of one spool file that parsed; the others are already in its {@code .bad} file. */
    record Batch(Path file, List<CdrRecord> records, int lines) {
    }

    /** A journal file of this run whose records are still on their way to the database. Guarded by the spool. */
    static final class Segment {
        private final Path file;
        private int appended;
        private int committed;
        private int left;
        private boolean closed;

        private Segment(Path file) {
            this.file = file;
        }
    }

    private final Path dir;
    private final long maxFileBytes;
    private final SpoolCodec codec = new SpoolCodec();
    private final AtomicLong pending = new AtomicLong();
    private long nextSequence;
    private final Map<Path, Segment> live = new HashMap<>();
    private FileChannel current;
    private Segment currentSegment;

    CdrSpool(Path dir, long maxFileBytes) {
        this.dir = dir;
        this.maxFileBytes = Math.max(1, maxFileBytes);
        try {
            Files.createDirectories(dir);
            List<Path> files = files();
            for (Path file : files) {
                pending.addAndGet(lineCount(file));
            }
            // a new run never appends to an old file, whose last line may be torn
            nextSequence = files.isEmpty() ? 1 : sequence(files.getLast()) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("CDR spool folder " + dir.toAbsolutePath() + " is not usable", e);
        }
    }

    /** Records on disk not known to be in the database: waiting for the writer or to be replayed. */
    long pending() {
        return pending.get();
    }

    Path dir() {
        return dir;
    }

    /** Appends records to be replayed later and forces them to disk; they are safe once this returns. */
    synchronized void append(List<CdrRecord> records) throws IOException {
        if (!records.isEmpty()) {
            settled(journal(records), records.size(), false);
        }
    }

    /**
     * Appends the records with one write and one fsync (the group commit of the journal); they are safe once this
     * returns. The caller then {@linkplain #settled settles} each of them on the segment returned.
     *
     * @throws IOException when they may not be on disk; the file is then closed, so that a torn line ends it and
     *                     is never followed by a record that was safely written
     */
    synchronized Segment journal(List<CdrRecord> records) throws IOException {
        StringBuilder text = new StringBuilder();
        for (CdrRecord record : records) {
            text.append(codec.line(record)).append('\n');
        }
        if (current == null) {
            Path file = dir.resolve(PREFIX + "%012d".formatted(nextSequence++) + SUFFIX);
            current = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            currentSegment = new Segment(file);
            live.put(file, currentSegment);
            forceDirectory();
        }
        Segment segment = currentSegment;
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
            while (bytes.hasRemaining()) {
                current.write(bytes);
            }
            current.force(false);
        } catch (IOException | RuntimeException e) {
            closeCurrent();
            throw e;
        }
        segment.appended += records.size();
        pending.addAndGet(records.size());
        if (current.size() >= maxFileBytes) {
            closeCurrent();
        }
        return segment;
    }

    /**
     * {@code count} records journaled in {@code segment} are committed to the database, or ({@code committed}
     * false) left in it for the replayer. A closed segment whose records are all settled is deleted when they all
     * committed, and otherwise handed to the replayer whole (its committed records are skipped by insert-if-absent).
     */
    synchronized void settled(Segment segment, int count, boolean committed) {
        if (committed) {
            segment.committed += count;
            pending.addAndGet(-count);
        } else {
            segment.left += count;
        }
        retireIfSettled(segment);
    }

    private void retireIfSettled(Segment segment) {
        if (!segment.closed || segment.committed + segment.left < segment.appended) {
            return;
        }
        live.remove(segment.file);
        if (segment.left > 0) {
            pending.addAndGet(segment.committed); // the replayer counts and deletes the file's every line
            return;
        }
        try {
            Files.deleteIfExists(segment.file);
        } catch (IOException e) {
            // replayed, harmlessly, by a later run
            log.warn("cannot delete CDR journal file {}: {}", segment.file.getFileName(), e.getMessage());
        }
    }

    /**
     * The oldest spool file, read; live journal segments are not spool files yet. The segment being appended to is
     * closed first when a record was left in it, so that it is replayed once its other records are settled. Lines
     * that do not parse are moved to the file's {@code .bad} companion before this returns.
     */
    Optional<Batch> oldest() throws IOException {
        Path file;
        synchronized (this) {
            if (currentSegment != null && currentSegment.left > 0) {
                closeCurrent();
            }
            Optional<Path> first = files().stream().filter(f -> !live.containsKey(f)).findFirst();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            file = first.get();
        }
        return Optional.of(read(file));
    }

    /** Forgets a replayed file: its records are in the database. */
    void delete(Batch batch) throws IOException {
        Files.deleteIfExists(batch.file());
        pending.addAndGet(-batch.lines());
    }

    /** Writes records the database refused for their content to {@code rejected.bad}, for a human to look at. */
    synchronized void reject(CdrRecord record, String why) throws IOException {
        log.warn("CDR {} of call {} refused by the database ({}); kept in {}", record.recordId(),
                record.detail().callId(), why, dir.resolve("rejected.bad"));
        appendForced(dir.resolve("rejected.bad"), List.of(codec.line(record)));
    }

    synchronized void close() throws IOException {
        closeCurrent();
    }

    private Batch read(Path file) throws IOException {
        List<String> lines = text(file).lines().toList();
        List<CdrRecord> records = new ArrayList<>(lines.size());
        List<String> bad = new ArrayList<>();
        List<String> good = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(codec.parse(line));
                good.add(line);
            } catch (IllegalArgumentException e) {
                log.warn("corrupt line in CDR spool file {} moved to {}.bad: {}", file.getFileName(),
                        file.getFileName(), e.getMessage());
                bad.add(line);
            }
        }
        if (!bad.isEmpty()) {
            appendForced(file.resolveSibling(file.getFileName() + ".bad"), bad);
            Path rewritten = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(rewritten);
            appendForced(rewritten, good);
            Files.move(rewritten, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            pending.addAndGet(-bad.size());
        }
        return new Batch(file, records, good.size());
    }

    private static void appendForced(Path file, List<String> lines) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            FileChannel channel = current;
            Segment segment = currentSegment;
            current = null;
            currentSegment = null;
            segment.closed = true;
            try {
                channel.close();
            } finally {
                retireIfSettled(segment);
            }
        }
    }

    /** A new file's name must be on disk too before its records count as safe. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot fsync the CDR spool folder: {}", e.getMessage());
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && sequence(p) >= 0;
            }).sorted(Comparator.comparingLong(CdrSpool::sequence)).toList();
        }
    }

    private static long sequence(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    private static long lineCount(Path file) throws IOException {
        return text(file).lines().filter(l -> !l.isBlank()).count();
    }

    /** Malformed bytes (a torn write) become replacement characters: that line then fails to parse. */
    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}

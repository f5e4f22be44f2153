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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk spool: append-only files {@code cdr-<sequence>.jsonl} of one JSON line per record, fsync'd before an
 * append returns, a new file past {@code maxFileBytes}. Files are handed to the replayer oldest first and deleted
 * only after their records committed. A line that does not parse is moved aside to {@code <file>.bad}.
 */
final class CdrSpool {

    private static final Logger log = LoggerFactory.getLogger(CdrSpool.class);
    private static final String PREFIX = "cdr-";
    private static final String SUFFIX = ".jsonl";

    /** The records of one spool file that parsed; the others are already in its {@code .bad} file. */
    record Batch(Path file, List<CdrRecord> records, int lines) {
    }

    private final Path dir;
    private final long maxFileBytes;
    private final SpoolCodec codec = new SpoolCodec();
    private final AtomicLong pending = new AtomicLong();
    private long nextSequence;
    private FileChannel current;
    private Path currentFile;

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

    /** Records on disk, waiting to be replayed. */
    long pending() {
        return pending.get();
    }

    Path dir() {
        return dir;
    }

    /** Appends the records and forces them to disk; they are safe once this returns. */
    synchronized void append(List<CdrRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (CdrRecord record : records) {
            text.append(codec.line(record)).append('\n');
        }
        if (current == null) {
            currentFile = dir.resolve(PREFIX + "%012d".formatted(nextSequence++) + SUFFIX);
            current = FileChannel.open(currentFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            forceDirectory();
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        while (bytes.hasRemaining()) {
            current.write(bytes);
        }
        current.force(false);
        pending.addAndGet(records.size());
        if (current.size() >= maxFileBytes) {
            closeCurrent();
        }
    }

    /**
     * The oldest spool file, read; the file being appended to is closed first when it is the only one. Lines that
     * do not parse are moved to the file's {@code .bad} companion before this returns.
     */
    Optional<Batch> oldest() throws IOException {
        Path file;
        synchronized (this) {
            List<Path> files = files();
            if (files.isEmpty()) {
                return Optional.empty();
            }
            file = files.getFirst();
            if (file.equals(currentFile)) {
                closeCurrent();
            }
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
            current.close();
            current = null;
            currentFile = null;
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

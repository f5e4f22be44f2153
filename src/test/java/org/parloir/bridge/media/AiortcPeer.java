package org.parloir.bridge.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parloir.testing.Programs;

/**
 * aiortc (Debian python3-aiortc) as the browser: {@code src/test/python/webrtc_peer.py} under Debian's own
 * interpreter (the default {@code python3} here is a pyenv one without Debian's packages). It offers, takes our
 * answer and reports its {@code getStats()} counters as JSON lines.
 */
final class AiortcPeer implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern STATS = Pattern.compile(
            "\"state\": \"(\\w+)\", \"inbound\": (\\d+), \"outbound\": (\\d+), \"decoded\": (\\d+)");

    /** One {@code getStats()} report: RTP packets received (after SRTP decryption) and sent, frames decoded. */
    record Stats(String state, long inbound, long outbound, long decoded) {
    }

    private final Process process;
    private final Writer stdin;
    private final CompletableFuture<String> offer = new CompletableFuture<>();
    private final CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
    private volatile Stats stats = new Stats("new", 0, 0, 0);

    private AiortcPeer(Process process) {
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().name("aiortc-out").start(this::read);
    }

    /** Whether Debian's aiortc can be imported. */
    static boolean installed() throws IOException, InterruptedException {
        return Programs.pythonImports(PYTHON, "aiortc");
    }

    static AiortcPeer start(Path stderr) throws IOException {
        Path script = Path.of("src/test/python/webrtc_peer.py").toAbsolutePath();
        return new AiortcPeer(new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectError(stderr.toFile()).start());
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("{\"offer\"")) {
                    offer.complete(unescape(line.substring(11, line.length() - 2)));
                }
                Matcher m = STATS.matcher(line);
                if (m.find()) {
                    stats = new Stats(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    String offer() throws Exception {
        return offer.get(30, TimeUnit.SECONDS);
    }

    void answer(String sdp) throws IOException {
        stdin.write("{\"answer\": \"" + sdp.replace("\r", "\\r").replace("\n", "\\n") + "\"}\n");
        stdin.flush();
    }

    Stats stats() {
        return stats;
    }

    String output() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /** JSON string escapes as Python's json.dumps writes them for an SDP (ASCII, CRLF). */
    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\/", "/").replace("\\\"", "\"");
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.write("quit\n");
            stdin.close();
        } catch (IOException gone) {
            // already ended
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static Duration patience() {
        return Duration.ofSeconds(30);
    }
}

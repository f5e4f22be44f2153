package org.parloir.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Node process of a {@link BrowserPeer} and the line protocol on its stdin/stdout: commands answered by
 * {@code ok <command>} or {@code error <command> <why>}, events kept in {@link PeerEvents}; its stderr goes to the
 * test log. Ending it ends every process below it: Chromium and its helpers would outlive a killed node.
 */
final class PeerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserPeer.class);
    /** Bounds every wait for a process to go, so that a stuck one cannot hang the test run. */
    private static final long EXIT_SECONDS = 15;

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final PeerEvents events = new PeerEvents();
    private final List<String> bugs = new CopyOnWriteArrayList<>();
    private final Thread killer;

    PeerProcess(String name, ProcessBuilder builder) throws IOException {
        this.name = name;
        this.process = builder.start();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.killer = new Thread(this::kill, "browser-peer-kill-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
        reader("out", process.getInputStream(), line -> {
            LOG.info("[peer {}] event {}", name, line);
            events.add(line);
        }, events::close);
        reader("err", process.getErrorStream(), line -> {
            LOG.info("{}", line);
            if (line.contains("] BUG ")) {
                bugs.add(line);
            }
        }, () -> { });
    }

    /** Sends {@code line} and waits for its {@code ok}; an {@code error} answer fails with the peer's reason. */
    void command(String line, Duration atMost) {
        String command = line.split(" ")[0];
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the peer " + name + " does not read its commands any more", e);
        }
        String answer = events.take("ok|error", a -> a.equals(command) || a.startsWith(command + " "), atMost);
        if (!answer.equals("ok " + command)) {
            throw new IllegalStateException("peer " + name + ": " + line + " failed: " + answer);
        }
    }

    /** The argument of the first event of {@code kind} not taken yet whose argument passes {@code argument}. */
    String take(String kind, Predicate<String> argument, Duration atMost) {
        return events.take(kind, argument, atMost);
    }

    void forget() {
        events.forget();
    }

    List<String> bugs() {
        return List.copyOf(bugs);
    }

    /** Node, then Chromium and everything it started. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    /** Ends node and every process below it at once. */
    void kill() {
        end(processes());
    }

    /** Asks the peer to quit (it hangs up and closes Chromium), then ends whatever is left. */
    @Override
    public void close() {
        List<ProcessHandle> all = processes();
        try {
            if (process.isAlive()) {
                stdin.write("quit\n");
                stdin.flush();
            }
            stdin.close();
        } catch (IOException gone) {
            // already ended
        }
        if (process.toHandle().onExit().completeOnTimeout(null, EXIT_SECONDS, TimeUnit.SECONDS).join() == null) {
            LOG.warn("peer {} did not quit: killing it", name);
        }
        end(all);
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void end(List<ProcessHandle> all) {
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            if (p.onExit().completeOnTimeout(null, EXIT_SECONDS, TimeUnit.SECONDS).join() == null) {
                LOG.warn("process {} of peer {} is still there", p.pid(), name);
            }
        }
    }

    private void reader(String stream, InputStream in, Consumer<String> sink, Runnable atEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException closed) {
                // the process ended
            } finally {
                atEnd.run();
            }
        }, "browser-peer-" + stream + "-" + name);
        t.setDaemon(true);
        t.start();
    }
}

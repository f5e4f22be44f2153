package org.parloir.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One SIPp process (Debian package sip-tester) on loopback, UDP, scenario from {@code src/test/resources/sipp},
 * its output and traces in its own folder for the failure message.
 */
public final class Sipp implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private Sipp(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    public static boolean installed() {
        return Programs.onPath("sipp");
    }

    /** Starts {@code sipp -sf <scenario> -p <port> <args>} in {@code dir}. */
    public static Sipp start(Path dir, String scenario, int port, String... args) throws IOException {
        return start(dir, Path.of("src/test/resources/sipp", scenario), port, args);
    }

    /** Starts {@code sipp -sf <scenario file> -p <port> <args>} in {@code dir} (a bench scenario, say). */
    public static Sipp start(Path dir, Path scenario, int port, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario.toAbsolutePath().toString(), "-p",
                Integer.toString(port), "-nostdin", "-i", "127.0.0.1", "-t", "u1", "-trace_err", "-trace_msg"));
        cmd.addAll(List.of(args));
        Files.createDirectories(dir);
        return new Sipp(new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start(), dir);
    }

    /** Waits for SIPp to finish by itself and returns its exit code (0: every call of the scenario passed). */
    public int exitCode() throws InterruptedException {
        return exitCode(java.time.Duration.ofSeconds(60));
    }

    /** {@link #exitCode()}, waiting at most {@code limit}. */
    public int exitCode(java.time.Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("SIPp did not finish\n" + output());
        }
        return process.exitValue();
    }

    /** SIPp's output, error log and message trace. */
    public String output() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                sb.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** The messages SIPp sent and received so far ({@code -trace_msg}). */
    public String messages() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_messages.log")).toList()) {
                sb.append(Files.readString(f));
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** Kills it (a gateway that dies) and waits until it is gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

package org.parloir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real FreeRADIUS 3.2 server (Debian package {@code freeradius}) on loopback, unprivileged, configured from
 * {@code src/test/resources/freeradius/} copied into a temporary directory: free UDP ports for access and accounting,
 * a shared secret, log, run and accounting (detail) files under that directory. FreeRADIUS missing fails the test:
 * CI installs it.
 */
public final class FreeRadius implements AutoCloseable {

    private static final Path CONFIG = Path.of("src/test/resources/freeradius");
    private static final String READY = "Ready to process requests";

    private final Path dir;
    private final Process process;
    private final int authPort;
    private final int acctPort;

    private FreeRadius(Path dir, Process process, int authPort, int acctPort) {
        this.dir = dir;
        this.process = process;
        this.authPort = authPort;
        this.acctPort = acctPort;
    }

    /** Starts FreeRADIUS with clients 127.0.0.1 sharing {@code secret}; returns once it processes requests. */
    public static FreeRadius start(Path dir, String secret) throws IOException {
        Path binary = executable("freeradius");
        assertThat(binary).as("FreeRADIUS is needed: apt-get install freeradius freeradius-utils").isNotNull();
        int authPort = FreePorts.udpAndTcp();
        int acctPort = FreePorts.udpAndTcp();
        copyConfig(dir, Map.of("@DIR@", dir.toAbsolutePath().toString(), "@AUTH_PORT@", String.valueOf(authPort),
                "@ACCT_PORT@", String.valueOf(acctPort), "@SECRET@", secret));
        for (String sub : List.of("log", "run", "radacct")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path log = dir.resolve("freeradius.out");
        Process process = new ProcessBuilder(binary.toString(), "-f", "-l", "stdout", "-d", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        FreeRadius server = new FreeRadius(dir, process, authPort, acctPort);
        try {
            await("FreeRADIUS ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("FreeRADIUS exited " + process.exitValue() + ":\n"
                                    + server.output());
                        }
                        return server.output().contains(READY);
                    });
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int authPort() {
        return authPort;
    }

    public int acctPort() {
        return acctPort;
    }

    /** What FreeRADIUS logged so far (its stdout and stderr). */
    public String output() {
        try {
            return Files.readString(dir.resolve("freeradius.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The accounting records FreeRADIUS wrote (detail module), oldest first: attribute name to value, string values
     * without their quotes, octets as {@code 0x...}.
     */
    public List<Map<String, String>> detailRecords() throws IOException {
        Path detail = dir.resolve("radacct/detail");
        if (!Files.exists(detail)) {
            return List.of();
        }
        List<Map<String, String>> records = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(detail, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                current = null;
            } else if (!Character.isWhitespace(line.charAt(0))) {
                current = new LinkedHashMap<>();
                records.add(current);
            } else if (current != null && line.contains(" = ")) {
                String[] pair = line.strip().split(" = ", 2);
                current.put(pair[0], unquote(pair[1]));
            }
        }
        return records;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static void copyConfig(Path target, Map<String, String> substitutions) throws IOException {
        try (Stream<Path> files = Files.walk(CONFIG)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(CONFIG.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                    continue;
                }
                String text = Files.readString(source, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> s : substitutions.entrySet()) {
                    text = text.replace(s.getKey(), s.getValue());
                }
                Files.writeString(copy, text, StandardCharsets.UTF_8);
            }
        }
    }

    private static Path executable(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin")
                .split(File.pathSeparator)));
        dirs.add("/usr/sbin"); // Debian installs the daemon there, often outside a user's PATH
        for (String d : dirs) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

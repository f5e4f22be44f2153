package org.parloir.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application as users run it: {@code java -jar target/parloir.jar} in a process of its own (built by the
 * {@code package} phase, before the integration tests), on a data folder that survives it, with loopback ports
 * picked once so that a restart on the same folder listens where the clients expect it. {@link #kill()} is a SIGKILL
 * ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no flush, as Kubernetes kills after the grace period.
 */
public final class ParloirProcess implements AutoCloseable {

    public static final String ADMIN_PASSWORD = ParloirServer.ADMIN_PASSWORD;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path data;
    private final Path keyStore;
    private final Map<String, String> props = new LinkedHashMap<>();
    private final int sipPort = FreePorts.udpAndTcp();
    private final int sipTlsPort = FreePorts.tcp();
    private final int c2sPort = FreePorts.tcp();
    private final int c2sTlsPort = FreePorts.tcp();
    private final int managementPort = FreePorts.tcp();
    private final int httpPort = FreePorts.tcp();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    public ParloirProcess(Path data) {
        this(data, true);
        props.put("parloir.admin.password", ADMIN_PASSWORD);
        props.put("spring.datasource.url", "jdbc:h2:file:" + data.resolve("parloir").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE");
        props.put("parloir.tls.generated-key-store", keyStore.toString());
        props.put("parloir.cdr.spool-dir", data.resolve("cdr-spool").toAbsolutePath().toString());
    }

    private ParloirProcess(Path data, boolean loopback) {
        this.data = data;
        this.keyStore = (loopback ? data : data.resolve("data")).resolve("tls-self-signed.p12").toAbsolutePath();
        if (loopback) {
            props.put("parloir.sip.bind-address", "127.0.0.1");
            props.put("parloir.xmpp.bind-address", "127.0.0.1");
        }
        props.put("parloir.sip.port", Integer.toString(sipPort));
        props.put("parloir.sip.tls-port", Integer.toString(sipTlsPort));
        props.put("parloir.ldap.embedded.port", "0");
        props.put("parloir.xmpp.c2s-port", Integer.toString(c2sPort));
        props.put("parloir.xmpp.c2s-tls-port", Integer.toString(c2sTlsPort));
        props.put("server.port", Integer.toString(httpPort));
        props.put("management.server.port", Integer.toString(managementPort));
    }

    /**
     * The jar as a new user runs it, in {@code dir} (empty, or holding only what the test puts there): nothing but
     * free ports on the command line, so data, certificates, directory seed and admin password are the defaults.
     */
    public static ParloirProcess asDownloaded(Path dir) {
        return new ParloirProcess(dir, false);
    }

    public ParloirProcess with(String key, String value) {
        props.put(key, value);
        return this;
    }

    /** Starts the jar and waits until its management port says UP and the XMPP port accepts connections. */
    public ParloirProcess with(Map<String, String> more) {
        props.putAll(more);
        return this;
    }

    public ParloirProcess start() throws IOException, InterruptedException {
        Path jar = Path.of("target/parloir.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through ./mvnw verify, whose package"
                    + " phase builds it");
        }
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString()));
        props.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = log(++starts);
        process = new ProcessBuilder(command).directory(data.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            org.awaitility.Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Parloir exited with " + process.exitValue()
                                    + " at start; log " + log + ":\n" + tail(log));
                        }
                        return ready();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            kill();
            throw new IllegalStateException("Parloir not ready after " + START_TIMEOUT + "; log " + log + ":\n"
                    + tail(log), e);
        }
        return this;
    }

    private boolean ready() {
        try (var ignored = new java.net.Socket("127.0.0.1", c2sPort)) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            process = null;
        }
    }

    public Path data() {
        return data;
    }

    /** The self-signed certificate the server generated (trust store of test clients). */
    public Path keyStore() {
        return keyStore;
    }

    public int sipPort() {
        return sipPort;
    }

    public int sipTlsPort() {
        return sipTlsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int c2sPort() {
        return c2sPort;
    }

    public int c2sTlsPort() {
        return c2sTlsPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /** The log of the {@code n}th start. */
    public Path log(int n) {
        return data.resolve("parloir-" + n + ".log");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The JVM running the tests (21 or newer, chosen by the toolchain) runs the jar too. */
    private static String java() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}

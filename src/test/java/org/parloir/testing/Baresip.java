package org.parloir.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real softphone: Debian's {@code baresip} (1.0 on Debian 12, libre 0.6) run headless on loopback, one account,
 * in its own configuration folder. Its microphone is a WAV file of a sine tone ({@code aufile}); what it receives
 * is written to a WAV file by the {@code sndfile} filter (the player, {@code aubridge}, plays to nowhere). It is
 * driven over {@code ctrl_tcp} (netstring-framed JSON commands, the {@code menu} module's commands: dial, accept,
 * hangup, reginfo, quit), whose events (CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED, ...) are queued here.
 *
 * <p>Quirks of this version, kept here so tests need not know them: {@code stdio} cannot poll a stdin that is not
 * a terminal (so no {@code stdio} module); {@code net_interface lo} fails, {@code net_interface 127.0.0.1} works
 * and keeps SDP on loopback; {@code aufile} in 1.0 is a source only, hence {@code sndfile} to record.
 */
public final class Baresip implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger TOKENS = new AtomicInteger();

    /**
     * One account: {@code aor} like {@code sip:alice@example.org}; with a {@code proxyHostPort} it registers
     * there (every request goes through it), without one it only answers calls sent to it (a gateway: baresip
     * takes an INVITE whose Request-URI user is its account's user, else 404).
     */
    public record Account(String aor, String password, String proxyHostPort, boolean autoAnswer) {

        public static Account registered(String aor, String password, String proxyHostPort) {
            return new Account(aor, password, proxyHostPort, false);
        }

        public static Account answering(String aor) {
            return new Account(aor, null, null, true);
        }

        String line() {
            StringBuilder sb = new StringBuilder("<" + aor + ";transport=udp>");
            if (password != null) {
                sb.append(";auth_pass=").append(password);
            }
            if (proxyHostPort != null) {
                sb.append(";outbound=\"sip:").append(proxyHostPort).append(";transport=udp\";regint=600");
            } else {
                sb.append(";regint=0");
            }
            sb.append(";answermode=").append(autoAnswer ? "auto" : "manual");
            return sb.append('\n').toString();
        }
    }

    private final Path dir;
    private final Process process;
    private final int sipPort;
    private final Socket control;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
    private final Thread killer;

    private Baresip(Path dir, Process process, int sipPort, Socket control) {
        this.dir = dir;
        this.process = process;
        this.sipPort = sipPort;
        this.control = control;
        this.killer = new Thread(process::destroyForcibly, "baresip-kill-" + dir.getFileName());
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(this::readControl, "baresip-ctrl-" + dir.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    public static boolean installed() {
        return Programs.onPath("baresip");
    }

    /**
     * Starts baresip in {@code dir} (created) with {@code account}, sending a sine of {@code toneHz} once a call
     * is up, and connects to its control port.
     */
    public static Baresip start(Path dir, Account account, int toneHz) throws IOException, InterruptedException {
        return start(dir, account, toneHz, FreePorts.udpAndTcpWithNext()); // SIP/TLS on + 1
    }

    /** {@link #start(Path, Account, int)} listening for SIP on {@code sipPort} (a gateway's address). */
    public static Baresip start(Path dir, Account account, int toneHz, int sipPort)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path tone = dir.resolve("tone.wav");
        Wav.writeTone(tone, toneHz, 8000, Duration.ofSeconds(120));
        int ctrlPort = FreePorts.tcp();
        Files.writeString(dir.resolve("config"), String.join("\n", List.of(
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "net_interface 127.0.0.1",
                "call_local_timeout 120",
                "audio_source aufile," + tone.toAbsolutePath(),
                "audio_player aubridge,nowhere",
                "audio_alert aubridge,nowhere",
                "rtp_stats yes",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module_app account.so",
                "module_app menu.so",
                "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
                "snd_path " + dir.toAbsolutePath(),
                "")));
        Files.writeString(dir.resolve("accounts"), account.line());
        Process p = new ProcessBuilder("baresip", "-f", dir.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("baresip.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Socket control = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (control == null) {
            try {
                control = new Socket(InetAddress.getLoopbackAddress(), ctrlPort);
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("baresip did not open its control port\n" + Files.readString(
                            dir.resolve("baresip.out")), notYet);
                }
                // the port opens a few milliseconds after start: wait for the process, not a fixed time
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        return new Baresip(dir, p, sipPort, control);
    }

    public int sipPort() {
        return sipPort;
    }

    /** Runs a menu command and returns its text output (throws if baresip says it failed). */
    public String command(String command, String params) throws IOException, InterruptedException {
        String token = send(command, params);
        while (true) {
            JsonNode r = responses.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new IOException("no answer from baresip to " + command + "\n" + output());
            }
            if (token.equals(r.path("token").asString(""))) {
                if (!r.path("ok").asBoolean(false)) {
                    throw new IOException("baresip refused " + command + " " + params + ": " + r + "\n" + output());
                }
                return r.path("data").asString("");
            }
        }
    }

    private String send(String command, String params) throws IOException {
        String token = "t" + TOKENS.incrementAndGet();
        byte[] json = JSON.writeValueAsBytes(java.util.Map.of("command", command, "params", params,
                "token", token));
        synchronized (control) {
            OutputStream out = control.getOutputStream();
            out.write((json.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.write(',');
            out.flush();
        }
        return token;
    }

    public void dial(String uri) throws IOException, InterruptedException {
        command("dial", uri);
    }

    public void accept() throws IOException, InterruptedException {
        command("accept", "");
    }

    public void hangup() throws IOException, InterruptedException {
        command("hangup", "");
    }

    /** Is the account registered, as baresip sees it ({@code reginfo} shows OK)? */
    public boolean registered() throws IOException, InterruptedException {
        return command("reginfo", "").contains("OK");
    }

    /** The next event of {@code type} (earlier events of other types are dropped). */
    public JsonNode awaitEvent(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("baresip: no " + type + " event within " + timeout + "\n" + output());
            }
            if (type.equals(e.path("type").asString(""))) {
                return e;
            }
        }
    }

    /** The audio baresip received and decoded in its last call ({@code sndfile}'s {@code -dec.wav} dump). */
    public Optional<Path> received() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).max(Path::compareTo);
        }
    }

    /** What baresip printed (its log), for failure messages. */
    public String output() {
        try {
            return "== " + dir + "/baresip.out\n" + Files.readString(dir.resolve("baresip.out"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Exits baresip ({@code quit} unregisters first), killing it if it does not go within 10 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                send("quit", ""); // it may exit before it answers
            }
        } catch (IOException gone) {
            // a process that already died cannot quit: it is killed below if still there
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            try {
                control.close();
            } catch (IOException ignored) {
                // closing a dead socket
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** Reads netstrings ({@code len:json,}) from the control socket into responses and events. */
    private void readControl() {
        try {
            InputStream in = control.getInputStream();
            while (true) {
                int len = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < '0' || c > '9') {
                        return; // closed, or not a netstring
                    }
                    len = len * 10 + (c - '0');
                }
                JsonNode node = JSON.readTree(in.readNBytes(len));
                if (in.read() != ',') {
                    return;
                }
                (node.path("response").asBoolean(false) ? responses : events).add(node);
            }
        } catch (IOException | RuntimeException closed) {
            // baresip exited or the test closed the socket
        }
    }
}

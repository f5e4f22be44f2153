package org.parloir.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.Programs;
import org.parloir.testing.TestCertificates;
import org.parloir.testing.Wav;

/**
 * A WebRTC client we did not write: headless Debian Chromium's RTCPeerConnection, or aiortc's ({@link Stack}),
 * driven by the Node script {@code src/test/js/peer.js} (puppeteer-core), signalled over XMPP c2s with STARTTLS
 * ({@code @xmpp/client}):
 * XEP-0353 propose/proceed to a bare JID whose caps advertise Jingle RTP audio, then a XEP-0166/0167/0176/0320
 * session, as Conversations does. Commands go to the script's stdin and its events come back on stdout, one a
 * line ({@link PeerEvents}); its stderr goes to the test log. {@link #close()} ends node, Chromium and every
 * process Chromium started.
 * <p>
 * The script's dependencies are installed from {@code src/test/js/package-lock.json} by {@code npm ci} (CI's
 * {@code .ci/run}); a missing {@code node}, {@code node_modules} or {@code chromium} fails the test.
 */
public final class BrowserPeer implements AutoCloseable {

    /** How long a step of a call may take on a loaded 2-core machine. */
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final Path SCRIPT_DIR = Path.of("src/test/js").toAbsolutePath();
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PARLOIR_CHROMIUM", "/usr/bin/chromium"));

    /**
     * Whose RTCPeerConnection the peer drives; the XMPP and Jingle code is the same for both. {@code AIORTC} is
     * Debian's python3-aiortc 1.4 under {@code /usr/bin/python3} ({@code src/test/python/aiortc_stack.py}) held to
     * Dino's DTLS constraints: only {@code SRTP_AES128_CM_HMAC_SHA1_80}, only sha-256, a client certificate
     * required as server; its stats carry what its DTLS handshake put on the wire ({@code dtls}).
     */
    public enum Stack {
        CHROMIUM,
        AIORTC
    }

    /** Debian's interpreter: the default {@code python3} here is a pyenv one without Debian's packages. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** An incoming call: the caller's full JID and the Jingle session (or XEP-0353 proposal) id. */
    public record Incoming(String from, String sid) {
    }

    private final String bareJid;
    private final PeerProcess process;
    private final String fullJid;

    private BrowserPeer(String bareJid, PeerProcess process) {
        this.bareJid = bareJid;
        this.process = process;
        try {
            this.fullJid = await("ready");
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** Fails (never skips) when the peer cannot run here: CI installs all three. */
    public static void requireInstalled() {
        requireInstalled(Stack.CHROMIUM);
    }

    /** Fails (never skips) when the peer with {@code stack} cannot run here: CI installs everything. */
    public static void requireInstalled(Stack stack) {
        List<String> missing = missing(Programs.onPath("node"), SCRIPT_DIR, CHROMIUM);
        if (stack == Stack.AIORTC) {
            missing.removeIf(m -> m.startsWith(CHROMIUM.toString()));
            if (!aiortcInstalled()) {
                missing.add("aiortc or numpy cannot be imported by " + PYTHON
                        + " (Debian python3-aiortc; .ci/run installs it)");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the browser peer cannot run: " + String.join("; ", missing));
        }
    }

    private static boolean aiortcInstalled() {
        try {
            return Programs.pythonImports(PYTHON, "aiortc, numpy");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What the peer lacks: node on the PATH, the script's npm packages, the Chromium executable. */
    static List<String> missing(boolean node, Path scriptDir, Path chromium) {
        List<String> missing = new ArrayList<>();
        if (!node) {
            missing.add("node is not installed (Debian nodejs; .ci/run installs it)");
        }
        for (String module : List.of("puppeteer-core", "@xmpp/client")) {
            if (!Files.isDirectory(scriptDir.resolve("node_modules").resolve(module))) {
                missing.add("no " + module + " in " + scriptDir.resolve("node_modules")
                        + ": run `npm ci` there (.ci/run does, and the Maven build when node_modules is missing)");
            }
        }
        if (!Files.isExecutable(chromium)) {
            missing.add(chromium + " is not installed (Debian chromium; .ci/run installs it)");
        }
        return missing;
    }

    /**
     * Starts a peer logged in as {@code jid} (bare) with {@code password} at the c2s port, trusting the server
     * certificate {@code caPem} (PEM) for STARTTLS, its microphone playing {@code wav} in a loop; returns when it
     * is online (roster fetched, presence with caps sent).
     */
    public static BrowserPeer start(int c2sPort, String jid, String password, Path caPem, Path wav)
            throws IOException {
        return start(c2sPort, jid, password, caPem, wav, Stack.CHROMIUM);
    }

    /** {@link #start(int, String, String, Path, Path)} with the WebRTC stack {@code stack}. */
    public static BrowserPeer start(int c2sPort, String jid, String password, Path caPem, Path wav, Stack stack)
            throws IOException {
        requireInstalled(stack);
        ProcessBuilder pb = new ProcessBuilder("node", SCRIPT_DIR.resolve("peer.js").toString(), "127.0.0.1",
                Integer.toString(c2sPort), jid, password, wav.toAbsolutePath().toString(), "--stack",
                stack.name().toLowerCase(Locale.ROOT))
                .directory(SCRIPT_DIR.toFile());
        // STARTTLS verifies the server's self-signed certificate for real: it is the one trusted extra anchor
        pb.environment().put("NODE_EXTRA_CA_CERTS", caPem.toAbsolutePath().toString());
        pb.environment().put("PARLOIR_CHROMIUM", CHROMIUM.toString());
        pb.environment().put("PARLOIR_PYTHON", PYTHON.toString());
        return new BrowserPeer(jid, new PeerProcess(jid, pb));
    }

    /**
     * {@link #start(int, String, String, Path, Path)} on {@code server}'s c2s port, trusting its generated
     * certificate, the microphone a sine of {@code toneHz} (48 kHz, looped); the files go to {@code dir}.
     */
    public static BrowserPeer start(ParloirServer server, String jid, String password, Path dir, int toneHz)
            throws Exception {
        Files.createDirectories(dir);
        Path ca = TestCertificates.toPem(server.dataDir().resolve("tls-self-signed.p12"), "parloir", dir)[0];
        Path wav = dir.resolve(toneHz + "Hz.wav");
        if (!Files.exists(wav)) {
            Wav.writeTone(wav, toneHz, 48_000, Duration.ofSeconds(10));
        }
        return start(server.c2sPort(), jid, password, ca, wav);
    }

    /** The full JID the server bound. */
    public String jid() {
        return fullJid;
    }

    public String bareJid() {
        return bareJid;
    }

    /** Sends later candidates in transport-info (true) or all of them in the initiate/accept (false, the default). */
    public void trickle(boolean on) {
        command("trickle " + (on ? "on" : "off"));
    }

    /**
     * Breaks this peer's next session-initiate or -accept, for bad-input tests of the other side:
     * {@code no-fingerprint} drops the XEP-0320 fingerprint, {@code wrong-fingerprint} sends a value that is not
     * its certificate's (the DTLS handshake fails), {@code setup-active} offers {@code setup="active"} instead of
     * {@code actpass} (the answerer must be the DTLS server), {@code none} sends it as it is.
     */
    public void tamper(String what) {
        command("tamper " + what);
    }

    /**
     * The codecs this peer offers or answers from its next call on, in order of preference (encoding names as in
     * {@code a=rtpmap}, e.g. {@code "PCMA", "telephone-event"}); none: all of Chromium's.
     */
    public void codecs(String... names) {
        command("codecs " + (names.length == 0 ? "all" : String.join(",", names)));
    }

    /** Asks for {@code contact}'s presence; the peer accepts a contact's request and asks back (both ways). */
    public void subscribe(String contact) {
        command("subscribe " + contact);
    }

    /** Waits until a resource of {@code contact} (bare JID) is available; returns its full JID. */
    public String awaitAvailable(String contact) {
        return process.take("available", a -> a.startsWith(contact + "/") || a.equals(contact), STEP);
    }

    /** Waits until {@code contact} (a full JID) is unavailable; returns it. */
    public String awaitUnavailable(String contact) {
        return process.take("unavailable", a -> a.equals(contact), STEP);
    }

    /**
     * Calls {@code to}: a bare JID by XEP-0353 (propose, once a resource of it advertises Jingle RTP audio: else
     * this fails), a full JID with a session-initiate directly. {@link #awaitProposed()} gives the proposal's id.
     */
    public void call(String to) {
        command("call " + to);
    }

    public String awaitProposed() {
        return await("proposed");
    }

    public Incoming awaitIncoming() {
        String[] parts = await("incoming").split(" ");
        return new Incoming(parts[0], parts[1]);
    }

    /** XEP-0167 §7.1: the other side put the call on hold ({@code session-info <hold/>}). */
    public void awaitHold() {
        await("hold");
    }

    /** The other side took the call off hold ({@code session-info <unhold/>}). */
    public void awaitUnhold() {
        await("unhold");
    }

    public void awaitRinging() {
        await("ringing");
    }

    /** XEP-0353 proceed (then session-accept when the initiate comes), or session-accept at once. */
    public void answer() {
        command("answer");
    }

    /** Declines with a Jingle reason condition (XEP-0166 §7.4), e.g. {@code decline} or {@code busy}. */
    public void reject(String reason) {
        command("reject " + reason);
    }

    /** Retract before proceed, session-terminate after, with this reason condition (e.g. {@code success}). */
    public void hangup(String reason) {
        command("hangup " + reason);
    }

    /** XEP-0167 §7.1 session-info {@code <hold/>} ({@code true}) or {@code <unhold/>} to the other side. */
    public void hold(boolean on) {
        command("hold " + (on ? "on" : "off"));
    }

    /** session-accept was sent or received: the SDP answer is applied. */
    public void awaitAccepted() {
        await("accepted");
    }

    /** The RTCPeerConnection is connected: ICE checks passed and the DTLS handshake is done. */
    public void awaitActive() {
        await("active");
    }

    /** How a call ended: a Jingle reason condition (XEP-0166 §7.4, the other party's or our own) and its text. */
    public record Ended(String reason, String text) {
    }

    /** The call ended; returns the Jingle reason condition. */
    public String awaitEnded() {
        return awaitEnd().reason();
    }

    /** The call ended; returns its reason condition and text. */
    public Ended awaitEnd() {
        String ended = await("ended");
        int space = ended.indexOf(' ');
        return space < 0 ? new Ended(ended, "") : new Ended(ended.substring(0, space), ended.substring(space + 1));
    }

    /**
     * Between tests: hangs up a call that is still there, offers all codecs untampered again and forgets the
     * events nobody waited for (trickle stays as it was). A test that
     * waited for the end of its call on both sides leaves nothing in flight.
     */
    public void reset() {
        command("hangup success");
        command("tamper none");
        command("codecs all");
        process.forget();
    }

    /** An {@code error} event (a refused Jingle action, no callable resource, ...). */
    public String awaitError() {
        return await("error");
    }

    /**
     * Sends RFC 4733 tones ({@code 0-9*#A-D}, 100 ms each) on the audio sender; returns once Chromium has played
     * them all. Fails when the answer or offer had no {@code telephone-event} payload type.
     */
    public void dtmf(String tones) {
        command("dtmf " + tones);
    }

    /** The RTCPeerConnection's getStats() now. */
    public PeerStats stats() {
        command("stats");
        return PeerStats.parse(process.take("stats", s -> true, STEP));
    }

    /** Waits until the stats satisfy {@code condition}, polling getStats(); returns the last ones. */
    public PeerStats awaitStats(Predicate<PeerStats> condition) {
        return Awaitility.await("getStats() of " + bareJid).atMost(STEP).pollInterval(Duration.ofMillis(250))
                .until(this::stats, condition);
    }

    /** The lines where the Node script reported a bug of its own (an unhandled rejection): a test expects none. */
    public List<String> bugs() {
        return process.bugs();
    }

    /** This peer's processes: node, then Chromium and everything it started (for orphan checks). */
    public List<ProcessHandle> processes() {
        return process.processes();
    }

    private String await(String kind) {
        return process.take(kind, a -> true, STEP);
    }

    private void command(String line) {
        process.command(line, STEP);
    }

    /** Asks the peer to hang up and quit (it closes Chromium), then ends node, Chromium and all they started. */
    @Override
    public void close() {
        process.close();
    }
}

package org.parloir.bridge.media.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parloir.bridge.media.BridgedMedia;
import org.parloir.bridge.media.MediaRelay;
import org.parloir.bridge.media.MediaSettings;
import org.parloir.bridge.media.SecureLocal;
import org.parloir.bridge.media.SecureRemote;
import org.parloir.bridge.media.dtls.DtlsIdentity;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

/**
 * Parloir's {@link MediaRelay} alone in a JVM, opened call by call over a line-based TCP control port, so that a
 * load generator in another JVM measures the relay's CPU and nothing else (the bridge's signalling is not what is
 * measured: the control lines stand in for the Jingle and SIP offer/answers). One line per request:
 *
 * <pre>
 *   OPEN call-id ice-ufrag ice-pwd secure-host:port fp-alg fp-hex plain-host:port
 *     -> OK ice-ufrag ice-pwd secure-host:port fp-alg fp-hex client-dtls-role plain-host:port
 *   CLOSE call-id -> OK
 *   PID -> OK pid
 * </pre>
 *
 *   java -cp … org.parloir.bridge.media.load.RelayHost ADDRESS PORT_MIN PORT_MAX CONTROL_PORT [active|passive]
 *
 * prints {@code READY control=PORT pid=PID} and serves until killed. The DTLS role is the relay's (active: the
 * relay is the DTLS client, as an answerer to a browser's actpass SHOULD be, RFC 5763 §5).
 */
public final class RelayHost implements AutoCloseable {

    private final MediaRelay relay;
    private final ServerSocket control;
    private final SetupRole relayRole;
    private final Map<String, BridgedMedia> calls = new ConcurrentHashMap<>();
    private final Thread acceptor;

    private RelayHost(MediaRelay relay, ServerSocket control, SetupRole relayRole) {
        this.relay = relay;
        this.control = control;
        this.relayRole = relayRole;
        this.acceptor = Thread.ofPlatform().daemon().name("relay-host-control").start(this::accept);
    }

    public static RelayHost start(InetAddress address, int portMin, int portMax, int controlPort, SetupRole relayRole)
            throws IOException {
        MediaSettings settings = new MediaSettings(address, null, portMin, portMax, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(20), 4);
        MediaRelay relay = new MediaRelay(settings, DtlsIdentity.generate());
        return new RelayHost(relay, new ServerSocket(controlPort, 50, address), relayRole);
    }

    public static void main(String[] args) throws Exception {
        RelayHost host = start(InetAddress.getByName(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), args.length > 4 ? SetupRole.parse(args[4]) : SetupRole.ACTIVE);
        System.out.println("READY control=" + host.controlPort() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        host.acceptor.join();
    }

    public int controlPort() {
        return control.getLocalPort();
    }

    private void accept() {
        while (!control.isClosed()) {
            try {
                Socket s = control.accept();
                Thread.ofVirtual().name("relay-host-conn").start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String answer;
                try {
                    answer = "OK " + handle(line.trim().split(" "));
                } catch (IOException | RuntimeException e) {
                    answer = "ERR " + e;
                }
                out.println(answer.trim());
            }
        } catch (IOException e) {
            // the generator went away: its calls stay until CLOSE or the host ends
        }
    }

    private String handle(String[] w) throws IOException {
        return switch (w[0]) {
            case "OPEN" -> open(w);
            case "CLOSE" -> {
                BridgedMedia media = calls.remove(w[1]);
                if (media != null) {
                    media.close();
                }
                yield "";
            }
            case "PID" -> Long.toString(ProcessHandle.current().pid());
            default -> throw new IllegalArgumentException("unknown command " + w[0]);
        };
    }

    private String open(String[] w) throws IOException {
        BridgedMedia media = relay.open(w[1], event -> { });
        calls.put(w[1], media);
        media.startSecure(new SecureRemote(w[2], w[3], List.of(address(w[4])), new Fingerprint(w[5], w[6]),
                relayRole));
        media.startPlain(address(w[7]), Map.of());
        SecureLocal local = media.secureLocal();
        return String.join(" ", local.iceUfrag(), local.icePwd(), format(local.candidate()),
                local.fingerprint().algorithm(), local.fingerprint().hex(), relayRole.counterpart().attribute(),
                format(media.plainLocal()));
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static String format(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() throws IOException {
        control.close();
        calls.values().forEach(BridgedMedia::close);
        calls.clear();
        relay.close();
    }
}

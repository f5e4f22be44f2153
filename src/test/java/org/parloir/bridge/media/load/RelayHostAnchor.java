package org.parloir.bridge.media.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;

/** Parloir's relay, in a {@link RelayHost} (this JVM's or another's), opened over its control port. */
final class RelayHostAnchor implements Anchor {

    private final Socket socket;
    private final BufferedReader in;
    private final PrintWriter out;
    private final long pid;

    RelayHostAnchor(InetSocketAddress control) throws IOException {
        socket = new Socket(control.getAddress(), control.getPort());
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
        pid = Long.parseLong(request("PID")[1]);
    }

    @Override
    public String name() {
        return "parloir";
    }

    @Override
    public synchronized RelayEnds open(ClientEnds c) throws IOException {
        String[] w = request(String.join(" ", "OPEN", c.callId(), c.iceUfrag(), c.icePwd(),
                RelayHost.format(c.secure()), c.fingerprint().algorithm(), c.fingerprint().hex(),
                RelayHost.format(c.plain())));
        return new RelayEnds(w[1], w[2], RelayHost.address(w[3]), new Fingerprint(w[4], w[5]), SetupRole.parse(w[6]),
                RelayHost.address(w[7]));
    }

    @Override
    public synchronized void close(String callId) throws IOException {
        request("CLOSE " + callId);
    }

    private String[] request(String line) throws IOException {
        out.println(line);
        String answer = in.readLine();
        if (answer == null || !answer.startsWith("OK")) {
            throw new IOException("relay host: " + line.split(" ")[0] + " -> " + answer);
        }
        return answer.split(" ");
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

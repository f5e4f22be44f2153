package org.parloir.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare TCP client for abuse tests: writes what it is told, reads until the server closes (bounded). */
public final class RawXmpp implements AutoCloseable {

    public static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='%s' version='1.0'>";

    private final Socket socket;

    public RawXmpp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    public Socket socket() {
        return socket;
    }

    public RawXmpp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until the server closes the connection (or 10 s of silence); returns all it sent. */
    public String readUntilClosed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // the server did not close, or reset: return what came
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads until {@code marker} has arrived (bounded by the socket timeout). */
    public String readUntil(String marker) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        int n;
        while (!out.toString(StandardCharsets.UTF_8).contains(marker) && (n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package org.parloir.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A non-blocking loopback TCP client for abuse tests, cheap enough to hold hundreds: writes what it is told
 * (silently failing once the server is gone), and on each {@link #closed()} reads what arrived and notes when the
 * server closed the connection. Nothing blocks, so many can be polled from one Awaitility condition.
 */
public final class RawTcp implements AutoCloseable {

    private final SocketChannel channel;
    private final long openedAt = System.nanoTime();
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);
    private volatile long closedAt;

    public RawTcp(int port) throws IOException {
        channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.configureBlocking(false);
    }

    public RawTcp send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public RawTcp send(byte... bytes) {
        if (closedAt == 0 && channel.isOpen()) {
            try {
                channel.write(ByteBuffer.wrap(bytes));
            } catch (IOException serverClosed) {
                // noticed by closed()
            }
        }
        return this;
    }

    /** Reads what arrived; true once the server closed (or reset) the connection. */
    public synchronized boolean closed() {
        while (closedAt == 0) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException reset) {
                n = -1;
            }
            if (n < 0) {
                closedAt = System.nanoTime();
            } else if (n == 0) {
                return false;
            } else {
                in.write(buffer.array(), 0, n);
            }
        }
        return true;
    }

    /** All the server sent so far. */
    public synchronized String received() {
        closed();
        return in.toString(StandardCharsets.UTF_8);
    }

    /** From the connect to the moment {@link #closed()} first saw the close. */
    public Duration openFor() {
        return Duration.ofNanos(closedAt - openedAt);
    }

    public int localPort() {
        return channel.socket().getLocalPort();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package org.parloir.bridge.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual thread reading one media socket until it is closed. A handler that throws on a datagram loses that
 * datagram only: bad input never stops the loop.
 */
final class ReceiveLoop {

    private static final Logger log = LoggerFactory.getLogger(ReceiveLoop.class);

    /** Larger than any MTU: a datagram is never truncated silently. */
    private static final int MAX_DATAGRAM = 2048;

    /** Receives one datagram; {@code data} is reused by the next call. */
    interface Handler {
        void on(byte[] data, int length, InetSocketAddress source);
    }

    private final Thread thread;

    ReceiveLoop(String name, DatagramSocket socket, Handler handler, Consumer<IOException> failed) {
        this.thread = Thread.ofVirtual().name(name).unstarted(() -> run(socket, handler, failed));
    }

    void start() {
        thread.start();
    }

    private static void run(DatagramSocket socket, Handler handler, Consumer<IOException> failed) {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    failed.accept(e);
                }
                return;
            }
            try {
                handler.on(buf, packet.getLength(), (InetSocketAddress) packet.getSocketAddress());
            } catch (RuntimeException e) {
                log.debug("{}: datagram from {} dropped: {}", Thread.currentThread().getName(),
                        packet.getSocketAddress(), e.toString()); // a bug of ours, never a reason to stop the loop
            }
        }
    }

    /** Waits (bounded) for the thread to end after its socket was closed. */
    boolean join() {
        if (!thread.isAlive()) {
            return true;
        }
        try {
            return thread.join(java.time.Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return thread.isAlive();
    }
}

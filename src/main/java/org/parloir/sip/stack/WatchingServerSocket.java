package org.parloir.sip.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The listening socket of our TCP and TLS processors: registers each accepted connection with
 * {@link IncompleteConnections} before the RI starts reading it (closing it makes the RI's reader thread end the
 * channel), and hands the RI {@code layer.apply(socket)}: the socket itself for TCP, a server-side TLS socket over it
 * for TLS, so the TLS handshake runs on the connection's own thread, within the deadline.
 */
final class WatchingServerSocket extends ServerSocket {

    /** What the RI reads from an accepted socket. */
    @FunctionalInterface
    interface Layer {
        Socket apply(Socket accepted) throws IOException;
    }

    private final IncompleteConnections incomplete;
    private final Layer layer;

    WatchingServerSocket(int port, InetAddress address, IncompleteConnections incomplete, Layer layer)
            throws IOException {
        super(port, 0, address);
        this.incomplete = incomplete;
        this.layer = layer;
    }

    @Override
    public Socket accept() throws IOException {
        Socket socket = super.accept();
        incomplete.accepted((InetSocketAddress) socket.getRemoteSocketAddress(), new IncompleteConnections.Connection() {
            @Override
            public boolean isOpen() {
                return !socket.isClosed();
            }

            @Override
            public void close() {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        });
        try {
            return layer.apply(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}

package org.parloir.bridge.media;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;

/**
 * The relay's UDP ports: even ones (RTP convention, RFC 3550 §11, though RTCP is muxed), handed out round-robin so
 * a port just freed is not reused at once (late packets of the previous call), and skipped when something else
 * holds them.
 */
final class PortRange {

    /** Room for a burst of 20 ms packets while the loop is descheduled; the kernel may cap it lower. */
    static final int RECEIVE_BUFFER = 1 << 20;

    private final InetAddress bind;
    private final int first;
    private final int count;
    private final Set<Integer> inUse = new HashSet<>();
    private int next;

    PortRange(InetAddress bind, int portMin, int portMax) {
        this.bind = bind;
        this.first = portMin + (portMin & 1);
        this.count = (portMax - first) / 2 + 1;
    }

    /** A socket bound to a free even port of the range. */
    synchronized DatagramSocket open() throws IOException {
        for (int tried = 0; tried < count; tried++) {
            int port = first + 2 * ((next + tried) % count);
            if (inUse.contains(port)) {
                continue;
            }
            try {
                DatagramSocket socket = new DatagramSocket(null);
                try {
                    socket.setReceiveBufferSize(RECEIVE_BUFFER);
                    socket.bind(new InetSocketAddress(bind, port));
                } catch (SocketException e) {
                    socket.close();
                    throw e;
                }
                inUse.add(port);
                next = (next + tried + 1) % count;
                return socket;
            } catch (BindException taken) {
                // held by another process: try the next one
            }
        }
        throw new IOException("no free even UDP port left in " + first + "-" + (first + 2 * (count - 1)));
    }

    /** Closes the socket and gives its port back. */
    synchronized void release(DatagramSocket socket) {
        int port = socket.getLocalPort();
        socket.close();
        inUse.remove(port);
    }

    synchronized int inUse() {
        return inUse.size();
    }
}

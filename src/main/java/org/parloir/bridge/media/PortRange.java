package org.parloir.bridge.media;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.HashSet;
import java.util.Set;

/**
 * The relay's UDP ports: even ones (RTP convention, RFC 3550 §11, though RTCP is muxed), handed out round-robin so
 * a port just freed is not reused at once (late packets of the previous call), and skipped when something else
 * holds them. The sockets are blocking {@link DatagramChannel}s (a {@code DatagramSocket} sends and receives
 * through {@code DatagramPacket}s, one address object per call). Unlike a {@code DatagramSocket} a channel is
 * interruptible: interrupting a thread blocked in its I/O closes it. Only the DTLS thread is ever interrupted
 * (a handshake cut short by the call's close), when the port is being closed anyway.
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

    /** A socket of the range and its port (which a closed channel no longer tells). */
    record Bound(DatagramChannel channel, int port) {
    }

    /** A blocking channel bound to a free even port of the range. */
    synchronized Bound open() throws IOException {
        for (int tried = 0; tried < count; tried++) {
            int port = first + 2 * ((next + tried) % count);
            if (inUse.contains(port)) {
                continue;
            }
            try {
                DatagramChannel socket = DatagramChannel.open();
                try {
                    socket.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
                    socket.bind(new InetSocketAddress(bind, port));
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
                inUse.add(port);
                next = (next + tried + 1) % count;
                return new Bound(socket, port);
            } catch (BindException taken) {
                // held by another process: try the next one
            }
        }
        throw new IOException("no free even UDP port left in " + first + "-" + (first + 2 * (count - 1)));
    }

    /** Closes the socket and gives its port back. */
    synchronized void release(Bound bound) {
        try {
            bound.channel().close();
        } catch (IOException e) {
            // closing a UDP socket does not fail in a way we could act on
        }
        inUse.remove(bound.port());
    }

    synchronized int inUse() {
        return inUse.size();
    }
}

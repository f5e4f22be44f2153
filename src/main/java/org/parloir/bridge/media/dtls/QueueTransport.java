package org.parloir.bridge.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagram transport bctls reads and writes: records arrive through {@link #offer} from the media port's
 * receive loop (which demultiplexed them, RFC 7983) and leave through a {@link PacketSender}. The queue is bounded:
 * a flood of DTLS-looking datagrams is dropped, not buffered.
 */
final class QueueTransport implements DatagramTransport {

    /** An IPv6 path's 1280-byte minimum MTU less IP/UDP headers: bctls fragments handshake messages to it. */
    static final int SEND_LIMIT = 1280 - 48;
    static final int RECEIVE_LIMIT = 1500;

    /** Not a record: makes a waiting {@link #receive} return at once, as after a timeout. */
    private static final byte[] WAKE = new byte[0];

    private final BlockingQueue<byte[]> in = new ArrayBlockingQueue<>(64);
    private final PacketSender out;
    private volatile boolean closed;

    QueueTransport(PacketSender out) {
        this.out = out;
    }

    /** @return false when it was dropped (queue full or closed) */
    boolean offer(byte[] data, int offset, int length) {
        return !closed && in.offer(java.util.Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Wakes the reader (to notice it should close) without an interrupt, which would fail the record layer. */
    void wake() {
        in.offer(WAKE);
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] next;
        try {
            next = in.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("DTLS transport closed");
        }
        if (next == null || next == WAKE) {
            return -1;
        }
        int n = Math.min(len, next.length);
        System.arraycopy(next, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (!closed) {
            out.send(buf, off, len);
        }
    }

    @Override
    public void close() {
        closed = true;
        in.clear();
    }
}

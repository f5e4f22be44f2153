package org.parloir.bridge.media.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Platform threads, each with a selector over the two ports of its share of the calls, draining every readable
 * port before selecting again.
 */
final class Receivers implements AutoCloseable {

    private final Selector[] selectors;
    private final Thread[] threads;
    private final Queue<LoadCall>[] pending;
    private final LoadStats stats;
    private volatile boolean stop;

    @SuppressWarnings("unchecked")
    Receivers(int count, LoadStats stats) throws IOException {
        this.stats = stats;
        selectors = new Selector[count];
        threads = new Thread[count];
        pending = new Queue[count];
        for (int i = 0; i < count; i++) {
            int k = i;
            selectors[i] = Selector.open();
            pending[i] = new ConcurrentLinkedQueue<>();
            threads[i] = Thread.ofPlatform().daemon().name("load-receiver-" + i).start(() -> run(k));
        }
    }

    /** The call's ports are read by one thread from now on (registered by that thread itself). */
    void add(LoadCall call) {
        int k = call.index % selectors.length;
        pending[k].add(call);
        selectors[k].wakeup();
    }

    private void run(int k) {
        Selector selector = selectors[k];
        ByteBuffer buf = ByteBuffer.allocate(2048);
        byte[] data = buf.array();
        while (!stop) {
            try {
                for (LoadCall c = pending[k].poll(); c != null; c = pending[k].poll()) {
                    c.secure.register(selector, SelectionKey.OP_READ, c);
                    c.plain.register(selector, SelectionKey.OP_READ, c);
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid()) {
                        drain(key, buf, data);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!stop) {
                    System.err.println("receiver " + k + ": " + e);
                }
            }
        }
    }

    private void drain(SelectionKey key, ByteBuffer buf, byte[] data) {
        LoadCall call = (LoadCall) key.attachment();
        DatagramChannel channel = (DatagramChannel) key.channel();
        boolean isSecure = channel == call.secure;
        while (true) {
            buf.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(buf);
            } catch (IOException e) {
                return; // closed, or an ICMP error reported on the port
            }
            if (from == null) {
                return;
            }
            try {
                if (isSecure) {
                    call.onSecure(data, buf.position(), from, stats);
                } else {
                    call.onPlain(data, buf.position(), stats);
                }
            } catch (IOException | RuntimeException e) {
                stats.misrouted();
            }
        }
    }

    @Override
    public void close() throws IOException {
        stop = true;
        for (int i = 0; i < selectors.length; i++) {
            selectors[i].wakeup();
            try {
                threads[i].join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            selectors[i].close();
        }
    }
}

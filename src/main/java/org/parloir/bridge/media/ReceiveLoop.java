package org.parloir.bridge.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform daemon thread reading one media socket (a blocking {@link DatagramChannel}) until it is closed,
 * into one array it owns: the handler may transform the datagram in place (there is room after it for SRTP's tag
 * or SRTCP's index and tag) and send it on through the same {@link ByteBuffer}. A handler that throws on a
 * datagram loses that datagram only: bad input never stops the loop. The time from the receive's return to the
 * handler's (its send included) goes to the relay's {@link ProcessingTimes}.
 *
 * <p>Nothing is allocated per datagram: {@code DatagramChannel.receive} into a heap buffer copies from the
 * thread's cached direct buffer, and returns the {@link InetSocketAddress} it cached for the previous sender
 * when the sender is the same (JDK 21–25 {@code DatagramChannelImpl.sourceSocketAddress}), so a steady peer costs
 * no address object; {@code DatagramSocket.receive} wrote into a {@code DatagramPacket} whose
 * {@code getSocketAddress()} makes a new one per call.
 *
 * <p>Why a platform thread per socket (two per call, 1,000 at 500 calls) and not a virtual one: a virtual thread
 * that blocks on a socket parks on every packet, and in JDK 25 (JFR's allocation samples) every park registers
 * the socket with the poller ({@code sun.nio.ch.Poller.register}: a {@code ConcurrentHashMap} node, the file
 * descriptor boxed), passes a new {@code BooleanSupplier} lambda, and every unpark submits the continuation to
 * the carrier pool from the poller thread (a {@code ForkJoinTask} wrapper): 170–190 bytes a packet, and each
 * packet crosses two more threads. A platform thread blocks in the kernel and is woken by it, with no Java object
 * on the way (RelayedPacketBenchmark, {@code -prof gc}: see docs/media.md). A thousand
 * mostly idle platform threads cost their stacks' touched pages (tens of KB each) and a kernel wake-up per
 * packet, as the virtual threads' carriers did. A few NIO selector threads for all sockets would save those
 * wake-ups under load (one {@code epoll_wait} returning many sockets) and are the next step if the figures ask
 * for it; they need deferred-close handling (a registered channel's port stays bound until its selector
 * deregisters it), which per-socket threads do not.
 *
 * <p>The call's DTLS thread is virtual and sends on the secure channel, and the JDK switches a channel's socket to
 * non-blocking the first time a virtual thread uses it ({@code configureSocketNonBlockingIfVirtualThread}); from
 * then on this loop's blocking receive waits in {@code poll(2)} between datagrams ({@code SelChImpl.park} of a
 * platform thread), still with nothing allocated.
 */
final class ReceiveLoop {

    private static final Logger log = LoggerFactory.getLogger(ReceiveLoop.class);

    /** Larger than any MTU: a datagram is never truncated in practice. */
    static final int MAX_DATAGRAM = 2048;
    /** After the largest datagram: an SRTCP trailer (4-byte E||index and a 10-byte tag) and SRTP's tag fit. */
    static final int HEADROOM = 16;

    /**
     * Receives one datagram in {@code buffer.array()[0, length)}; the array and the buffer (a view of all of it)
     * are the loop's and reused by the next call; {@code source} is not to be mutated (it never is: immutable).
     */
    interface Handler {
        void on(ByteBuffer buffer, int length, InetSocketAddress source);
    }

    private final Thread thread;

    ReceiveLoop(String name, DatagramChannel channel, Handler handler, Consumer<IOException> failed,
            ProcessingTimes times) {
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> run(channel, handler, failed, times));
    }

    void start() {
        thread.start();
    }

    private static void run(DatagramChannel channel, Handler handler, Consumer<IOException> failed,
            ProcessingTimes times) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM + HEADROOM);
        while (channel.isOpen()) {
            InetSocketAddress source;
            try {
                buffer.clear().limit(MAX_DATAGRAM);
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (IOException e) {
                if (channel.isOpen()) {
                    failed.accept(e);
                }
                return;
            }
            long received = System.nanoTime();
            try {
                handler.on(buffer, buffer.position(), source);
            } catch (RuntimeException e) {
                log.debug("{}: datagram from {} dropped: {}", Thread.currentThread().getName(), source,
                        e.toString()); // a bug of ours, never a reason to stop the loop
            }
            times.record(System.nanoTime() - received);
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

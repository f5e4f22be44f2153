package org.parloir.bridge.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * One DTLS-SRTP association over a media port shared with STUN and SRTP (RFC 5764, RFC 7983): the receive loop
 * hands it the DTLS records it got from the validated peer ({@link #offer}); its own virtual thread runs the
 * handshake as client ({@link SetupRole#ACTIVE}) or server ({@link SetupRole#PASSIVE}), then keeps reading so
 * bctls can answer a retransmitted final flight and see the peer's close_notify. {@link #start} completes with the
 * SRTP keys only after the peer's certificate matched the signalled fingerprint.
 */
public final class DtlsSrtpEndpoint implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JcaTlsCrypto CRYPTO = new JcaTlsCryptoProvider().create(RANDOM);
    private static final int POLL_MILLIS = 500;
    private static final String PEER_CLOSED = "the peer closed the DTLS association";

    private final String label;
    private final boolean client;
    private final QueueTransport transport;
    private final PeerChecks checks;
    private final CompletableFuture<DtlsOutcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean peerClosed;
    private volatile boolean closing;
    private volatile Thread thread;

    /**
     * @param localRole ACTIVE (we are the DTLS client and start) or PASSIVE (we wait for the ClientHello)
     * @param remote    the fingerprint the peer signalled; its certificate must hash to it
     */
    public DtlsSrtpEndpoint(String label, DtlsIdentity identity, SetupRole localRole, Fingerprint remote,
            PacketSender out, Duration handshakeTimeout) {
        this.label = label;
        this.client = localRole.isDtlsClient();
        this.transport = new QueueTransport(out);
        this.checks = new PeerChecks(CRYPTO, identity, remote, Math.toIntExact(handshakeTimeout.toMillis()),
                reason -> failure.compareAndSet(null, reason), this::established, this::peerClosed);
    }

    /** A DTLS record from the peer; false when dropped (too many queued, or closed). */
    public boolean offer(byte[] data, int offset, int length) {
        return transport.offer(data, offset, length);
    }

    /** Starts the handshake on a virtual thread; the future never completes exceptionally. */
    public synchronized CompletableFuture<DtlsOutcome> start() {
        if (thread == null && !closing) {
            thread = Thread.ofVirtual().name("dtls-" + label).start(this::run);
        }
        return outcome;
    }

    /** Completes, with why, when an established association ends (close_notify, alert, error or close). */
    public CompletableFuture<String> ended() {
        return ended;
    }

    private void run() {
        DTLSTransport dtls;
        try {
            dtls = client
                    ? new DTLSClientProtocol().connect(new SrtpTlsClient(checks),
                            transport)
                    : accept();
        } catch (IOException | RuntimeException e) {
            transport.close();
            outcome.complete(new DtlsOutcome.Failed(reason(e)));
            ended.complete("handshake failed");
            return;
        }
        if (!outcome.isDone()) { // bctls finished without calling notifyHandshakeComplete: not an association
            outcome.complete(new DtlsOutcome.Failed("handshake ended without keys"));
        }
        ended.complete(readUntilClosed(dtls));
    }

    private DTLSTransport accept() throws IOException {
        DTLSServerProtocol server = new DTLSServerProtocol();
        server.setVerifyRequests(false); // ICE already proved the address (RFC 5764 §4.1 leaves cookies optional)
        return server.accept(new SrtpTlsServer(checks), transport);
    }

    /** Reads (and drops: no application data in DTLS-SRTP) until the peer or we close the association. */
    private String readUntilClosed(DTLSTransport dtls) {
        byte[] buf = new byte[QueueTransport.RECEIVE_LIMIT];
        try {
            while (!closing && !peerClosed) {
                dtls.receive(buf, 0, buf.length, POLL_MILLIS);
            }
            if (closing) {
                dtls.close(); // sends our close_notify through the still open port
                return "closed";
            }
            return PEER_CLOSED;
        } catch (TlsFatalAlertReceived e) {
            return "the peer sent a fatal alert (" + e.getAlertDescription() + ")";
        } catch (IOException | RuntimeException e) {
            // on a close_notify bctls closes our transport itself and may read it once more: that is no error
            return closing ? "closed" : peerClosed ? PEER_CLOSED : "DTLS error: " + e.getMessage();
        } finally {
            transport.close();
        }
    }

    private void established(DtlsKeying keying) {
        outcome.complete(new DtlsOutcome.Established(keying));
    }

    private void peerClosed() {
        peerClosed = true;
    }

    private String reason(Exception e) {
        if (failure.get() != null) {
            return failure.get();
        }
        if (closing) {
            return "closed before the handshake finished";
        }
        return e instanceof org.bouncycastle.tls.TlsTimeoutException ? "DTLS handshake timed out"
                : "DTLS handshake failed: " + e.getMessage();
    }

    /** Ends the association (close_notify when established) and waits for its thread to stop. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closing = true;
            t = thread;
        }
        if (t == null) {
            transport.close();
            outcome.complete(new DtlsOutcome.Failed("closed before the handshake started"));
            ended.complete("closed");
            return;
        }
        if (!outcome.isDone()) {
            t.interrupt(); // a handshake in progress: stop waiting for the peer at once
        } else {
            transport.wake(); // established: the reading loop sends close_notify and ends without waiting a poll
        }
        try {
            if (!t.join(Duration.ofSeconds(2))) {
                t.interrupt();
                t.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

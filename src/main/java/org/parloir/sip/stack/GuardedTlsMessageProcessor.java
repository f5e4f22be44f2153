package org.parloir.sip.stack;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TLSMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The RI's blocking TLS processor, listening on a plain socket that registers every accepted connection with
 * {@link IncompleteConnections} and then lays the shared TLS context over it (server mode, no client certificate
 * asked), so the deadline covers the TLS handshake too.
 */
final class GuardedTlsMessageProcessor extends TLSMessageProcessor implements SetupGuarded {

    private final IncompleteConnections incomplete;

    GuardedTlsMessageProcessor(InetAddress address, SIPTransactionStack stack, int port,
                               IncompleteConnections incomplete) {
        super(address, stack, port);
        this.incomplete = incomplete;
    }

    @Override
    public IncompleteConnections incomplete() {
        return incomplete;
    }

    /** {@link TLSMessageProcessor#start()} with our server socket in place of the network layer's. */
    @Override
    public void start() throws IOException {
        if (!(sipStack.getNetworkLayer() instanceof SharedTlsNetworkLayer tls)) {
            throw new IllegalStateException("SIP over TLS needs the shared TLS network layer");
        }
        Thread thread = new Thread(this);
        thread.setName("MessageProcessorThread-TLS-" + getIpAddress().getHostAddress() + '/' + getPort());
        thread.setPriority(sipStack.getThreadPriority());
        thread.setDaemon(true);
        this.sock = new WatchingServerSocket(getPort(), getIpAddress(), incomplete, tls::serverSide);
        this.isRunning = true;
        incomplete.startSweeping();
        thread.start();
    }

    @Override
    public void stop() {
        incomplete.stopSweeping();
        super.stop();
    }
}

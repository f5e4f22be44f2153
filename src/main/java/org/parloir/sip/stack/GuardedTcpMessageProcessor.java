package org.parloir.sip.stack;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The RI's blocking TCP processor, listening on a server socket that registers every accepted connection with
 * {@link IncompleteConnections} before the RI starts reading it.
 */
final class GuardedTcpMessageProcessor extends TCPMessageProcessor implements SetupGuarded {

    private final IncompleteConnections incomplete;

    GuardedTcpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port,
                               IncompleteConnections incomplete) {
        super(address, stack, port);
        this.incomplete = incomplete;
    }

    @Override
    public IncompleteConnections incomplete() {
        return incomplete;
    }

    /** {@link TCPMessageProcessor#start()} with our server socket in place of the network layer's. */
    @Override
    public void start() throws IOException {
        Thread thread = new Thread(this);
        thread.setName("MessageProcessorThread-TCP-" + getIpAddress().getHostAddress() + '/' + getPort());
        thread.setPriority(sipStack.getThreadPriority());
        thread.setDaemon(true);
        this.sock = new WatchingServerSocket(getPort(), getIpAddress(), incomplete, socket -> socket);
        String bound = getIpAddress().getHostAddress();
        if (bound.equals(IN_ADDR_ANY) || bound.equals(IN6_ADDR_ANY)) {
            super.setIpAddress(sock.getInetAddress());
        }
        this.isRunning = true;
        incomplete.startSweeping();
        thread.start();
    }

    @Override
    public synchronized void stop() {
        incomplete.stopSweeping();
        super.stop();
    }
}

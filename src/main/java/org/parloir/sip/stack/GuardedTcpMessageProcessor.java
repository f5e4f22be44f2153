package org.parloir.sip.stack;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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
        this.sock = new WatchingServerSocket(getPort(), getIpAddress(), incomplete);
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

    /** Registers each accepted socket; closing it makes the RI's reader thread end the channel. */
    private static final class WatchingServerSocket extends ServerSocket {
        private final IncompleteConnections incomplete;

        WatchingServerSocket(int port, InetAddress address, IncompleteConnections incomplete) throws IOException {
            super(port, 0, address);
            this.incomplete = incomplete;
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
            return socket;
        }
    }
}

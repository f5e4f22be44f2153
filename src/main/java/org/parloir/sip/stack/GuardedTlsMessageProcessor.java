package org.parloir.sip.stack;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * The RI's NIO TLS processor, registering every accepted connection with {@link IncompleteConnections}: the
 * deadline covers the TLS handshake too (the RI's {@code SSL_HANDSHAKE_TIMEOUT} is not used by its NIO TLS).
 */
final class GuardedTlsMessageProcessor extends NioTlsMessageProcessor implements SetupGuarded {

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

    /** Called by the RI's selector thread for each accepted connection only. */
    @Override
    public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
            throws IOException {
        NioTcpMessageChannel channel = super.createMessageChannel(processor, socket);
        incomplete.accepted((InetSocketAddress) socket.getRemoteAddress(), new IncompleteConnections.Connection() {
            @Override
            public boolean isOpen() {
                return socket.isOpen();
            }

            @Override
            public void close() {
                // as the RI's own idle auditor does: the channel closes its socket and leaves the NIO handler
                channel.close();
            }
        });
        return channel;
    }

    @Override
    public void start() throws IOException {
        super.start();
        incomplete.startSweeping();
    }

    @Override
    public void stop() {
        incomplete.stopSweeping();
        super.stop();
    }
}

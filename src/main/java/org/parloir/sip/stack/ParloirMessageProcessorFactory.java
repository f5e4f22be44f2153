package org.parloir.sip.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Properties;

/**
 * Message processors per transport, all the RI's blocking ones (one thread per TCP or TLS connection): its NIO TCP
 * can lose the first message written on a new outgoing connection (a race between the writer and the selector thread
 * registering the channel, usnistgov/jsip#77), which our TCP forking test hit about one run in three, and its NIO
 * TLS client drops its first connection right after the ClientHello and starts another (javax.net.debug in
 * TransportsIT: no outgoing TLS request ever arrived). The blocking TLS processor honours the stack's protocol and
 * cipher-suite lists. Both stream processors close accepted connections that deliver no complete message in time
 * ({@link IncompleteConnections}), set by the stack properties {@link #SETUP_TIMEOUT} and {@link #MAX_INCOMPLETE}.
 */
public final class ParloirMessageProcessorFactory implements MessageProcessorFactory {

    /** Stack property: milliseconds from accept to the first complete message (default 30 s). */
    static final String SETUP_TIMEOUT = "org.parloir.sip.CONNECTION_SETUP_TIMEOUT";
    /** Stack property: accepted connections without a complete message, per listener (default 1000). */
    static final String MAX_INCOMPLETE = "org.parloir.sip.MAX_INCOMPLETE_CONNECTIONS";

    private final MessageProcessorFactory blocking = new OIOMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        return switch (transport.toLowerCase(java.util.Locale.ROOT)) {
            case "tcp" -> new GuardedTcpMessageProcessor(address, stack, port, incomplete(stack, "tcp"));
            case "tls" -> new GuardedTlsMessageProcessor(address, stack, port, incomplete(stack, "tls"));
            default -> blocking.createMessageProcessor(stack, address, port, transport);
        };
    }

    private static IncompleteConnections incomplete(SIPTransactionStack stack, String transport) {
        Properties p = ((SipStackImpl) stack).getConfigurationProperties();
        return new IncompleteConnections(transport,
                Duration.ofMillis(Long.parseLong(p.getProperty(SETUP_TIMEOUT, "30000"))),
                Integer.parseInt(p.getProperty(MAX_INCOMPLETE, "1000")), System::nanoTime);
    }
}

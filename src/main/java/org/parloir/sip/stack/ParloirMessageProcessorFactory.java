package org.parloir.sip.stack;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;

/**
 * Message processors per transport. UDP is the same in both RI factories. TCP uses the RI's blocking processor:
 * its NIO one can lose the first message written on a new outgoing connection (a race between the writer and the
 * selector thread registering the channel, usnistgov/jsip#77), which our TCP forking test hit about one run in
 * three. TLS keeps the NIO processor, the only one that honours our cipher-suite list.
 */
public final class ParloirMessageProcessorFactory implements MessageProcessorFactory {

    private final MessageProcessorFactory blocking = new OIOMessageProcessorFactory();
    private final MessageProcessorFactory nio = new NioMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        MessageProcessorFactory factory = "tls".equalsIgnoreCase(transport) ? nio : blocking;
        return factory.createMessageProcessor(stack, address, port, transport);
    }
}

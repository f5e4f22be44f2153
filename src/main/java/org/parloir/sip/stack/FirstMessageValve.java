package org.parloir.sip.stack;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.net.InetSocketAddress;
import javax.sip.SipStack;
import javax.sip.message.Response;

/**
 * Tells the {@link IncompleteConnections} of a stream listener that a connection delivered a complete message
 * (request or response), so its setup deadline no longer applies. Drops nothing.
 */
public final class FirstMessageValve implements SIPMessageValve {

    @Override
    public void init(SipStack stack) {
        // the listeners are found through each message's channel
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        completed(channel);
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        completed(channel);
        return true;
    }

    private static void completed(MessageChannel channel) {
        if (channel.getMessageProcessor() instanceof SetupGuarded guarded) {
            guarded.incomplete().completed(new InetSocketAddress(channel.getPeerPacketSourceAddress(),
                    channel.getPeerPacketSourcePort()));
        }
    }

    @Override
    public void destroy() {
        // nothing held
    }
}

package org.parloir.sip.stack;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import javax.sip.SipStack;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops requests of {@code parloir.sip.max-message-size} bytes or more before any processing. The RI enforces
 * that limit on stream transports only; over UDP it reads the first max-message-size bytes of a larger datagram
 * and parses them as if they were the whole message.
 */
public final class MessageSizeValve implements SIPMessageValve {

    private static final Logger log = LoggerFactory.getLogger(MessageSizeValve.class);

    private volatile int maxSize = Integer.MAX_VALUE;

    @Override
    public void init(SipStack stack) {
        int configured = ((SIPTransactionStack) stack).getMaxMessageSize();
        if (configured > 0) {
            maxSize = configured;
        }
        log.debug("SIP message size limit {} bytes", maxSize);
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        // the UDP processor reads at most maxSize bytes of a datagram: one that fills the buffer was truncated
        if (request.getSize() >= maxSize) {
            log.info("dropped a {}-byte {} from {}:{} (parloir.sip.max-message-size is {})", request.getSize(),
                    request.getMethod(), channel.getPeerAddress(), channel.getPeerPort(), maxSize);
            return false;
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        // nothing held
    }
}

package org.parloir.sip.stack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message trace (stack property {@code gov.nist.javax.sip.SERVER_LOGGER}) on the SLF4J logger
 * {@code org.parloir.sip.wire} at TRACE. Messages are formatted only when that level is on and never retained.
 */
public final class Slf4jServerLogger implements ServerLogger {

    private static final Logger wire = LoggerFactory.getLogger("org.parloir.sip.wire");

    @Override
    public void closeLogFile() {
        // no file
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        trace(message, from, to, null, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        trace(message, from, to, status, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        trace(message, from, to, status, sender);
    }

    private static void trace(SIPMessage message, String from, String to, String status, boolean sender) {
        if (wire.isTraceEnabled()) {
            wire.trace("{} {} -> {}{}\n{}", sender ? "sent" : "received", from, to,
                    status == null ? "" : " (" + status + ")", message.encode());
        }
    }

    @Override
    public void logException(Exception ex) {
        wire.debug("JAIN-SIP server log exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to configure
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // not needed
    }
}

package org.parloir.sip;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.message.Request;
import org.parloir.sip.b2bua.B2bua;
import org.parloir.sip.proxy.ProxyCore;
import org.parloir.sip.registrar.Registrar;
import org.parloir.sip.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of every SIP event (JAIN-SIP listener, reentrant: called on the stack's bounded pool). It never
 * blocks: requests of B2BUA calls go to the B2BUA, REGISTER to the registrar, the rest to the proxy; responses to
 * the transaction's own callback when it has one; an unexpected failure answers 500 instead of reaching the stack.
 */
final class SipDispatcher implements SipListener {

    private static final Logger log = LoggerFactory.getLogger(SipDispatcher.class);

    private final SipProvider provider;
    private final Registrar registrar;
    private final ProxyCore proxy;
    private final Replies replies;
    private final B2bua b2bua;

    SipDispatcher(SipProvider provider, Registrar registrar, ProxyCore proxy, Replies replies, B2bua b2bua) {
        this.provider = provider;
        this.registrar = registrar;
        this.proxy = proxy;
        this.replies = replies;
        this.b2bua = b2bua;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction[] created = {event.getServerTransaction()};
        java.util.function.Supplier<ServerTransaction> tx = () -> {
            if (created[0] == null) {
                created[0] = newTransaction(request);
            }
            return created[0];
        };
        try {
            if (b2bua.onRequest(request, tx)) {
                return; // one of the B2BUA's calls
            }
            if (Request.REGISTER.equals(request.getMethod())) {
                registrar.register(request, tx);
            } else {
                proxy.onRequest(event, tx);
            }
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            if (!Request.ACK.equals(request.getMethod())) {
                replies.refuse(created[0], request, Refusal.SERVER_ERROR);
            }
        }
    }

    private ServerTransaction newTransaction(Request request) {
        try {
            return provider.getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException e) {
            return null; // a retransmission racing its original
        } catch (TransactionUnavailableException e) {
            log.debug("no server transaction for {}: {}", request.getMethod(), e.getMessage());
            return null;
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        try {
            if (event.getClientTransaction() != null
                    && event.getClientTransaction().getApplicationData() instanceof ClientTransactionCallback cb) {
                cb.onResponse(event);
                return;
            }
            if (event.getClientTransaction() == null && b2bua.onStrayResponse(event.getResponse())) {
                return;
            }
            proxy.onResponse(event);
        } catch (RuntimeException e) {
            log.error("response {} failed", event.getResponse().getStatusCode(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        try {
            if (!event.isServerTransaction() && event.getClientTransaction() != null
                    && event.getClientTransaction().getApplicationData() instanceof ClientTransactionCallback cb) {
                cb.onTimeout(event);
                return;
            }
            proxy.onTimeout(event);
        } catch (RuntimeException e) {
            log.error("timeout handling failed", e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.info("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // contexts are released with their transactions; nothing to do
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs on the proxy path
    }
}

package org.parloir.sip;

import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;

/**
 * Set as the application data of a client transaction to receive its responses and timeout directly from the
 * dispatcher (requests this server originates: OPTIONS pings, trunk REGISTERs, B2BUA legs). Called on the stack's
 * pool: never block.
 */
public interface ClientTransactionCallback {

    /**
     * For requests we originate and need nothing back from (a BYE ending a call, a CANCEL): their responses are
     * consumed here rather than reaching the proxy as stray responses.
     */
    ClientTransactionCallback IGNORE = new ClientTransactionCallback() {
        @Override
        public void onResponse(ResponseEvent event) {
        }

        @Override
        public void onTimeout(TimeoutEvent event) {
        }
    };

    void onResponse(ResponseEvent event);

    void onTimeout(TimeoutEvent event);
}

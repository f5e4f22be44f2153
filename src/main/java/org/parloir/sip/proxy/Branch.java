package org.parloir.sip.proxy;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;

/** One forwarded copy of a request (RFC 3261 §16.6) and what came back on it. Guarded by its context's lock. */
final class Branch {

    final ProxyContext context;
    final ClientTransaction transaction;
    boolean provisionalSeen;
    boolean cancelWanted;
    boolean cancelled;
    Response finalResponse;
    long lastActivity = System.currentTimeMillis();
    /** Timer C of an INVITE branch; cancelled when the branch ends so the timer queue does not hold it. */
    java.util.concurrent.ScheduledFuture<?> timerC;

    Branch(ProxyContext context, ClientTransaction transaction) {
        this.context = context;
        this.transaction = transaction;
    }

    boolean done() {
        return finalResponse != null;
    }
}

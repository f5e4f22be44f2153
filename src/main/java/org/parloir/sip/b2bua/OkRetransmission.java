package org.parloir.sip.b2bua;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3261 §13.3.1.4: a UAS core retransmits its 2xx to an INVITE, T1 doubling up to T2, until the ACK arrives;
 * after 64*T1 without one it gives up (and the call should be ended). One instance per 2xx.
 */
final class OkRetransmission {

    private static final Logger log = LoggerFactory.getLogger(OkRetransmission.class);
    static final long T1 = 500;
    static final long T2 = 4000;

    private final Response ok;
    private final long cseq;
    private final SipProvider provider;
    private final ScheduledExecutorService timers;
    private final Runnable onGiveUp;
    private final long started = System.nanoTime();
    private ScheduledFuture<?> next;
    private boolean done;

    private OkRetransmission(Response ok, SipProvider provider, ScheduledExecutorService timers, Runnable onGiveUp) {
        this.ok = ok;
        this.cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
        this.provider = provider;
        this.timers = timers;
        this.onGiveUp = onGiveUp;
    }

    /** Starts retransmitting {@code ok}, which was just sent once. */
    static OkRetransmission start(Response ok, SipProvider provider, ScheduledExecutorService timers,
                                  Runnable onGiveUp) {
        OkRetransmission r = new OkRetransmission(ok, provider, timers, onGiveUp);
        r.schedule(T1);
        return r;
    }

    private synchronized void schedule(long interval) {
        if (!done) {
            next = timers.schedule(() -> fire(interval), interval, TimeUnit.MILLISECONDS);
        }
    }

    private void fire(long interval) {
        synchronized (this) {
            if (done) {
                return;
            }
            if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 64 * T1) {
                done = true;
            }
        }
        if (done) {
            onGiveUp.run();
            return;
        }
        try {
            provider.sendResponse(ok);
        } catch (SipException | RuntimeException e) {
            log.debug("2xx retransmission failed: {}", e.getMessage());
        }
        schedule(Math.min(interval * 2, T2));
    }

    /** The ACK of CSeq {@code ackCseq} arrived: stop if it is ours. */
    synchronized boolean acked(long ackCseq) {
        if (ackCseq != cseq) {
            return false;
        }
        stop();
        return true;
    }

    synchronized void stop() {
        done = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}

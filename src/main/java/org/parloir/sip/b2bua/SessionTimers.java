package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.cdr.api.HangupParty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 4028 session timers on both legs of a call, when the peer supports them. Where we are the refresher we send
 * an UPDATE (or a re-INVITE with the same session description when the peer does not allow UPDATE) at half the
 * interval; where the peer is, a missing refresh ends the call (§10). Guarded by the call's lock.
 */
final class SessionTimers {

    private static final Logger log = LoggerFactory.getLogger(SessionTimers.class);
    static final String SESSION_EXPIRES = "Session-Expires";
    static final String MIN_SE = "Min-SE";

    /** The timer of one leg. */
    private static final class LegTimer {
        Duration interval;
        boolean weRefresh;
        ScheduledFuture<?> task;
    }

    private final B2buaCall call;
    private final B2buaContext ctx;
    private final LegTimer callerTimer = new LegTimer();
    private final LegTimer calleeTimer = new LegTimer();

    SessionTimers(B2buaCall call, B2buaContext ctx) {
        this.call = call;
        this.ctx = ctx;
    }

    private boolean enabled() {
        return !ctx.props().sessionExpires().isZero();
    }

    /** The interval we ask the gateway for, null when session timers are off. */
    Duration requestedInterval() {
        return enabled() ? ctx.props().sessionExpires() : null;
    }

    /** The caller asked for an interval below our Min-SE: 422 (§8.1). */
    Optional<Integer> checkCallerInterval(Request invite) {
        Optional<Interval> asked = Interval.of(invite.getHeader(SESSION_EXPIRES));
        if (enabled() && asked.isPresent() && asked.get().seconds() < ctx.props().minSe().toSeconds()) {
            return Optional.of((int) ctx.props().minSe().toSeconds());
        }
        return Optional.empty();
    }

    /** §7.1: Supported: timer, our Session-Expires (we offer to refresh) and Min-SE on the gateway INVITE. */
    void decorateInvite(Request invite, Duration interval) throws ParseException {
        if (interval == null) {
            return;
        }
        var h = ctx.messages().headers;
        invite.addHeader(h.createSupportedHeader("timer"));
        invite.addHeader(h.createHeader(SESSION_EXPIRES, interval.toSeconds() + ";refresher=uac"));
        invite.addHeader(h.createHeader(MIN_SE, Long.toString(ctx.props().minSe().toSeconds())));
    }

    static Optional<Duration> minSe(Response response) {
        return Interval.of(response.getHeader(MIN_SE)).map(i -> Duration.ofSeconds(i.seconds()));
    }

    /** §7.2: the gateway's 2xx says the interval and who refreshes; none means no session expiry. */
    void calleeAnswered(Response ok) {
        Optional<Interval> se = Interval.of(ok.getHeader(SESSION_EXPIRES));
        if (!enabled() || se.isEmpty()) {
            return;
        }
        calleeTimer.interval = Duration.ofSeconds(se.get().seconds());
        calleeTimer.weRefresh = !"uas".equals(se.get().refresher());
        schedule(call.callee(), calleeTimer);
    }

    /**
     * §9: the caller's INVITE asked for session timers (Session-Expires, or Supported: timer): our 2xx says the
     * interval and the refresher — the caller when it supports timers, else us.
     */
    void decorateCallerAnswer(Response ok) throws ParseException {
        Request invite = call.callerInvite;
        Optional<Interval> asked = Interval.of(invite.getHeader(SESSION_EXPIRES));
        boolean supports = supportsTimer(invite);
        if (!enabled() || (asked.isEmpty() && !supports)) {
            return;
        }
        long seconds = asked.map(Interval::seconds).orElse(ctx.props().sessionExpires().toSeconds());
        seconds = Math.max(seconds, ctx.props().minSe().toSeconds());
        boolean callerRefreshes = supports && !"uas".equals(asked.map(Interval::refresher).orElse(null));
        callerTimer.interval = Duration.ofSeconds(seconds);
        callerTimer.weRefresh = !callerRefreshes;
        var h = ctx.messages().headers;
        ok.addHeader(h.createHeader(SESSION_EXPIRES, seconds + ";refresher=" + (callerRefreshes ? "uac" : "uas")));
        if (callerRefreshes) {
            ok.addHeader(h.createRequireHeader("timer"));
        }
        schedule(call.caller, callerTimer);
    }

    /** A refresh (re-INVITE or UPDATE) arrived from {@code leg}: its session lives another interval. */
    void refreshedBy(Leg leg) {
        LegTimer t = leg == call.caller ? callerTimer : calleeTimer;
        if (t.interval != null && !t.weRefresh) {
            schedule(leg, t);
        }
    }

    /** Adds our Session-Expires to a 2xx answering a peer's refresh (§9). */
    void decorateRefreshAnswer(Leg leg, Response ok) throws ParseException {
        LegTimer t = leg == call.caller ? callerTimer : calleeTimer;
        if (t.interval != null) {
            ok.addHeader(ctx.messages().headers.createHeader(SESSION_EXPIRES,
                    t.interval.toSeconds() + ";refresher=" + (t.weRefresh ? "uas" : "uac")));
        }
    }

    void stop() {
        cancel(callerTimer);
        cancel(calleeTimer);
    }

    private static void cancel(LegTimer t) {
        if (t.task != null) {
            t.task.cancel(false);
            t.task = null;
        }
    }

    private void schedule(Leg leg, LegTimer t) {
        cancel(t);
        long interval = t.interval.toMillis();
        if (t.weRefresh) {
            t.task = ctx.timers().schedule(() -> refresh(leg, t), interval / 2, TimeUnit.MILLISECONDS);
        } else {
            // §10: the session is over when no refresh came before interval - min(32 s, interval / 3)
            long deadline = interval - Math.min(32_000, interval / 3);
            t.task = ctx.timers().schedule(() -> expired(leg), deadline, TimeUnit.MILLISECONDS);
        }
    }

    private void expired(Leg leg) {
        synchronized (call) {
            log.info("{}: no session refresh from the {} side, ending the call", call.callId(),
                    leg.side.name().toLowerCase(Locale.ROOT));
            call.end(HangupParty.SERVER, AccountingRecord.TerminateCause.LOST_SERVICE, null);
        }
    }

    /** Our turn to refresh {@code leg}: UPDATE without a body, or a re-INVITE with the same description. */
    private void refresh(Leg leg, LegTimer t) {
        synchronized (call) {
            if (call.state() != B2buaCall.State.ANSWERED) {
                return;
            }
            try {
                String method = leg.peerAllowsUpdate ? Request.UPDATE : Request.INVITE;
                Request r = ctx.messages().inDialog(leg, method, leg.nextCseq());
                r.addHeader(ctx.messages().headers.createSupportedHeader("timer"));
                r.addHeader(ctx.messages().headers.createHeader(SESSION_EXPIRES,
                        t.interval.toSeconds() + ";refresher=uac")); // we send it, we keep refreshing
                if (Request.INVITE.equals(method)) {
                    ctx.messages().setBody(r, leg.lastSdpSent);
                }
                ClientTransaction ct = ctx.messages().provider.getNewClientTransaction(r);
                ct.setApplicationData(new Callbacks(e -> refreshAnswered(leg, t, e.getResponse()),
                        e -> refreshFailed(leg, 408)));
                ct.sendRequest();
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                log.info("{}: cannot refresh the session: {}", call.callId(), e.getMessage());
                schedule(leg, t);
            }
        }
    }

    private void refreshAnswered(Leg leg, LegTimer t, Response response) {
        synchronized (call) {
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
            if (Request.INVITE.equals(cseq.getMethod()) && status < 300) {
                call.signalling.sendAck(leg, cseq.getSeqNumber(), null);
            }
            if (status == 408 || status == 481) {
                refreshFailed(leg, status); // §10: the session is gone
                return;
            }
            if (status < 300) {
                Interval.of(response.getHeader(SESSION_EXPIRES)).ifPresent(i -> {
                    t.interval = Duration.ofSeconds(i.seconds());
                    t.weRefresh = !"uas".equals(i.refresher()); // we are the UAC of our refresh
                });
            }
            if (call.state() == B2buaCall.State.ANSWERED) {
                schedule(leg, t);
            }
        }
    }

    private void refreshFailed(Leg leg, int status) {
        synchronized (call) {
            log.info("{}: session refresh toward the {} side failed ({}), ending the call", call.callId(),
                    leg.side.name().toLowerCase(Locale.ROOT), status);
            call.end(HangupParty.SERVER, AccountingRecord.TerminateCause.LOST_SERVICE, null);
        }
    }

    static boolean supportsTimer(Message m) {
        var it = m.getHeaders(javax.sip.header.SupportedHeader.NAME);
        while (it.hasNext()) {
            if ("timer".equalsIgnoreCase(((javax.sip.header.SupportedHeader) it.next()).getOptionTag())) {
                return true;
            }
        }
        return false;
    }

    /** {@code Session-Expires: 1800;refresher=uac} or {@code Min-SE: 90}, read from the header's text. */
    record Interval(long seconds, String refresher) {

        static Optional<Interval> of(Header header) {
            if (header == null) {
                return Optional.empty();
            }
            String text = header.toString();
            int colon = text.indexOf(':');
            String value = (colon >= 0 ? text.substring(colon + 1) : text).trim();
            String[] parts = value.split(";");
            try {
                long seconds = Long.parseLong(parts[0].trim());
                String refresher = null;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (p.startsWith("refresher=")) {
                        refresher = p.substring("refresher=".length()).trim();
                    }
                }
                return seconds > 0 ? Optional.of(new Interval(seconds, refresher)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}

package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.address.Address;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import org.parloir.sip.api.JingleDevices;
import org.parloir.sip.api.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callee side of a B2BUA call to a person's Jingle devices (issue 11), in place of the gateway attempts: the
 * bridge rings them and its events come back here. Its {@link #leg} is never on the wire: it only stands for the
 * callee in the call's state (the side a BYE came from, what a re-INVITE of the caller is answered with). The
 * bridge's events are taken on {@code executor} so that no bridge lock is held while the call's is taken; what
 * this class tells the bridge it tells with the call's lock held, and the bridge never blocks on it.
 */
final class JingleCallee implements JingleDevices.Answerer {

    private static final Logger log = LoggerFactory.getLogger(JingleCallee.class);

    private final B2buaCall call;
    private final B2buaContext ctx;
    private final Executor executor;
    final Leg leg;
    private JingleDevices.Ringing ringing;
    private ScheduledFuture<?> ringTimer;
    /** The device that answered (its full JID), for the CDR and the admin view. */
    private String device;

    JingleCallee(B2buaCall call, B2buaContext ctx) throws ParseException {
        this.call = call;
        this.ctx = ctx;
        this.executor = ctx.timers();
        Address from = (Address) ((FromHeader) call.callerInvite.getHeader(FromHeader.NAME)).getAddress().clone();
        Address to = (Address) ((ToHeader) call.callerInvite.getHeader(ToHeader.NAME)).getAddress().clone();
        this.leg = Leg.calleeSide("jingle-" + call.id, ctx.messages().newTag(), from, to, 1);
        this.leg.remoteTag = "jingle";
    }

    /** Rings the devices; false when the bridge is not there (then the caller is refused). Call's lock held. */
    boolean ring() {
        JingleDevices devices = ctx.jingle().get();
        if (devices == null) {
            return false;
        }
        byte[] offer = call.caller.lastSdpReceived == null ? new byte[0] : call.caller.lastSdpReceived;
        leg.lastSdpReceived = null;
        ringing = devices.ring(new JingleDevices.Ring(call.spec.person().aor(), call.fromUri(), call.callId(),
                offer), this);
        ringTimer = ctx.timers().schedule(() -> call.onJingleRingTimeout(), ctx.props().ringTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        return true;
    }

    /** The caller gave up, or the call ended before an answer. Call's lock held. */
    void cancel() {
        stopRinging();
        if (ringing != null) {
            ringing.cancel();
        }
    }

    /** The SIP side ended the answered call. Call's lock held. */
    void hangUp() {
        if (ringing != null) {
            ringing.hangUp();
        }
    }

    /** The caller moved its media: the bridge's relay follows. Call's lock held. */
    void updated(byte[] description) {
        if (ringing != null) {
            ringing.updated(description);
        }
    }

    void stopRinging() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
        }
    }

    String device() {
        return device;
    }

    Map<String, Object> describe() {
        return ringing == null ? Map.of() : ringing.describe();
    }

    // ---------------------------------------------------------------- the bridge's events

    @Override
    public void ringing() {
        executor.execute(call::onJingleRinging);
    }

    @Override
    public void answered(byte[] answer, String answeredBy) {
        byte[] sdp = answer.clone();
        executor.execute(() -> {
            synchronized (call) {
                device = answeredBy;
                leg.lastSdpReceived = sdp;
                leg.lastSdpSent = call.caller.lastSdpReceived;
                call.onJingleAnswer(sdp);
            }
        });
    }

    @Override
    public void refused(Refusal refusal) {
        log.debug("{}: the Jingle side refused with {}", call.callId(), refusal.status());
        executor.execute(() -> call.onJingleRefused(refusal));
    }

    @Override
    public void hungUp() {
        executor.execute(call::onJingleHangUp);
    }

    @Override
    public void held(boolean held) {
        executor.execute(() -> call.holdFromBridge(false, held));
    }
}

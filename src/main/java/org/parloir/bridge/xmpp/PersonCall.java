package org.parloir.bridge.xmpp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.call.OfferCheck;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.sip.api.BridgedCalls.BridgedCall;
import org.parloir.sip.api.BridgedCalls.CallParty;
import org.parloir.sip.api.JingleSip;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XEP-0353 proposal to a person, taken by their SIP phones (see {@link PersonCalls}): the SIP call rings while
 * the proposal stands; the phone's answer is a {@code proceed} from the person's {@code parloir-sip} resource, and
 * the caller's session-initiate then becomes a {@link JingleCall} that gets the phone's answer at once. From then on
 * the SIP events go to that session. Lock order: this object, then the session's; the session's end only removes
 * the call from the table, without this lock.
 */
final class PersonCall implements CallParty {

    private static final Logger log = LoggerFactory.getLogger(PersonCall.class);

    enum State { RINGING, ANSWERED, SESSION, ENDED }

    private final String id;
    private final String caller;
    private final String callee;
    private final String self;
    private final String type;
    private final MediaPath media;
    private final Consumer<Element> send;
    private final Runnable onEnd;
    private final Predicate<String> jingleDevicesOnline;
    private final ScheduledExecutorService timers;
    private final Duration initiateTimeout;
    private State state = State.RINGING;
    private BridgedCall call;
    private boolean hangUpWhenPlaced;
    private boolean rang;
    /** The phone's SDP answer, kept for the session that follows the proceed. */
    private byte[] answer;
    private JingleCall session;
    private ScheduledFuture<?> initiateTimer;

    PersonCall(String id, String caller, String callee, String self, String type, MediaPath media,
               Consumer<Element> send, Runnable onEnd, Predicate<String> jingleDevicesOnline,
               ScheduledExecutorService timers, Duration initiateTimeout) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
        this.self = self;
        this.type = type;
        this.media = media;
        this.send = send;
        this.onEnd = onEnd;
        this.jingleDevicesOnline = jingleDevicesOnline;
        this.timers = timers;
        this.initiateTimeout = initiateTimeout;
    }

    /** {@code bob@example.org}. */
    String callee() {
        return callee;
    }

    /** {@code bob@example.org/parloir-sip}. */
    String self() {
        return self;
    }

    synchronized State state() {
        return state;
    }

    synchronized void placed(BridgedCall placed) {
        call = placed;
        if (hangUpWhenPlaced) {
            placed.hangUp();
        }
    }

    // ---------------------------------------------------------------- the SIP side

    @Override
    public synchronized void ringing() {
        if (session != null) {
            session.ringing();
        } else if (state == State.RINGING && !rang) {
            rang = true;
            send.accept(jmi(caller, "ringing", null));
        }
    }

    @Override
    public synchronized void answered(byte[] sdp) {
        if (session != null) {
            session.answered(sdp);
            return;
        }
        if (state != State.RINGING) {
            return;
        }
        state = State.ANSWERED;
        answer = sdp.clone();
        log.info("jingle {}: {}'s SIP phone answered {}", id, callee, caller);
        // XEP-0353 §3.2: the session goes on with this resource; the callee's other clients stop ringing
        if (jingleDevicesOnline.test(callee)) {
            send.accept(jmi(callee, "accept", null)); // nothing to store for clients that are not online
        }
        send.accept(jmi(caller, "proceed", null));
        initiateTimer = timers.schedule(this::initiateTimedOut, initiateTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void updated(byte[] description) {
        if (session != null) {
            session.updated(description);
        }
    }

    @Override
    public void refused(int status) {
        refused(status, "the call was not answered (SIP " + status + ")");
    }

    @Override
    public synchronized void refused(int status, String why) {
        if (session != null) {
            session.refused(status, why);
            return;
        }
        if (state == State.ENDED) {
            return;
        }
        log.info("jingle {}: {}'s SIP phones did not take the call of {} ({})", id, callee, caller, status);
        // with a client of the callee still ringing, the caller's proposal stands
        if (!jingleDevicesOnline.test(callee)) {
            send.accept(jmi(caller, "reject", new Reason(JingleSip.reason(status).element(), why)));
        }
        end();
    }

    @Override
    public synchronized void hungUp() {
        if (session != null) {
            session.hungUp();
            return;
        }
        if (state == State.ENDED) {
            return;
        }
        // answered, then gone before the caller's session-initiate came
        send.accept(jmi(caller, "finish", new Reason("success", "the SIP phone hung up")));
        end();
    }

    @Override
    public synchronized Map<String, Object> describe() {
        if (session != null) {
            return session.describe();
        }
        return Map.of("jid", caller, "sid", id, "state", state.name().toLowerCase(java.util.Locale.ROOT),
                "media", media.stats());
    }

    // ---------------------------------------------------------------- the Jingle side

    /** The caller's session-initiate, after our proceed (XEP-0353 §3.2: the sid is the proposal id). */
    synchronized void initiated(Element iq, Jingle jingle) {
        if (state != State.ANSWERED) {
            send.accept(state == State.SESSION
                    ? Stanzas.error(iq, org.parloir.xmpp.stanza.StanzaError.of(
                            org.parloir.xmpp.stanza.StanzaError.Condition.CONFLICT, "this sid is in use"))
                    : JingleSessions.unknownSession(iq));
            return;
        }
        send.accept(Stanzas.result(iq, null)); // XEP-0166 §6.2
        cancelTimer();
        String initiator = jingle.initiator() != null ? jingle.initiator() : caller;
        switch (OfferCheck.check(jingle)) {
            case OfferCheck.Refused refused -> {
                send.accept(JingleSessions.terminate(jingle.sid(), initiator, self, refused.condition(),
                        refused.text()));
                hangUpSip();
                end();
            }
            case OfferCheck.Bridgeable ok -> {
                state = State.SESSION;
                session = new JingleCall(jingle.sid(), initiator, self, ok.audio(), jingle.group(), ok.sipOffer(),
                        media, j -> send.accept(JingleSessions.iq(self, caller, j)), onEnd);
                session.startSecure();
                session.placed(call);
                session.answered(answer);
            }
        }
    }

    /** Another action of the caller in the session. */
    synchronized void action(Element iq, Jingle jingle) {
        if (session == null) {
            send.accept(JingleSessions.unknownSession(iq));
            return;
        }
        JingleSessions.action(iq, jingle, session, send);
    }

    /** The caller retracted, or the callee took or declined the call on another device. */
    synchronized void cancelled(String why) {
        if (state == State.RINGING || state == State.ANSWERED) {
            log.info("jingle {}: {}'s SIP phones stop: {}", id, callee, why);
            hangUpSip();
            end();
        }
    }

    /** The caller's resource is gone. */
    synchronized void callerGone() {
        if (session != null) {
            session.terminatedByClient(new Reason("gone", "the client went offline"));
        } else {
            cancelled("the caller went offline");
        }
    }

    /** A media thread: ICE, DTLS or RTP failed. */
    synchronized void mediaFailed(String condition, String why) {
        if (session != null) {
            session.mediaFailed(condition, why);
        } else if (state != State.ENDED) {
            log.info("jingle {}: media failed before the session: {}", id, why);
            hangUpSip();
            end();
        }
    }

    private synchronized void initiateTimedOut() {
        if (state == State.ANSWERED) {
            log.info("jingle {}: {} sent no session-initiate within {} s of the proceed", id, caller,
                    initiateTimeout.toSeconds());
            send.accept(jmi(caller, "finish", new Reason("timeout", "no session-initiate after proceed")));
            hangUpSip();
            end();
        }
    }

    private void hangUpSip() {
        if (call != null) {
            call.hangUp();
        } else {
            hangUpWhenPlaced = true;
        }
    }

    private void end() {
        state = State.ENDED;
        cancelTimer();
        media.close();
        onEnd.run();
    }

    private void cancelTimer() {
        if (initiateTimer != null) {
            initiateTimer.cancel(false);
            initiateTimer = null;
        }
    }

    private Element jmi(String to, String action, Reason reason) {
        Element.Builder payload = Element.builder(action, JingleNs.JINGLE_MESSAGE).attribute("id", id);
        if (reason != null) {
            payload.child(CallProposals.reason(reason));
        }
        return CallProposals.message(type, self, to, payload.build());
    }
}

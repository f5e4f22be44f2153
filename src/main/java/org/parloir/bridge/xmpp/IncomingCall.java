package org.parloir.bridge.xmpp;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.parloir.bridge.call.JingleAnswer;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.jingle.IceUdpTransport;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.Jingle.Content;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.bridge.jingle.JingleAction;
import org.parloir.bridge.jingle.RtpDescription;
import org.parloir.bridge.media.dtls.Fingerprint;
import org.parloir.bridge.media.dtls.SetupRole;
import org.parloir.bridge.sdp.AudioSession;
import org.parloir.bridge.sdp.Sdp;
import org.parloir.bridge.sdp.SdpFormatException;
import org.parloir.sip.api.JingleDevices;
import org.parloir.sip.api.JingleReason;
import org.parloir.sip.api.JingleSip;
import org.parloir.xmpp.stanza.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SIP call to a person's Jingle devices, with the bridge as the Jingle initiator (XEP-0353 §3, XEP-0166 §6):
 * a {@code propose} to each device that advertises Jingle RTP audio, then to the first that proceeds a
 * session-initiate offering the SIP caller's codecs over the bridge's ICE-lite candidate, DTLS {@code actpass}
 * (XEP-0320: the responder picks, and the bridge then really takes the other role). The device's session-accept
 * becomes the SIP answer, with the relay's plain RTP port. All state changes hold this object's lock; stanzas go
 * out through {@code send}, which never blocks.
 */
final class IncomingCall implements JingleDevices.Ringing {

    private static final Logger log = LoggerFactory.getLogger(IncomingCall.class);
    /** XEP-0167 §4: the ptime of G.711 in the bridge's SDP answer. */
    private static final int PTIME = 20;
    private static final String CONTENT = "audio";

    enum State { PROPOSED, INITIATED, ACTIVE, ENDED }

    private final String sid;
    /** The caller as the callee sees it: {@code +33139635511@phone.example.org/phone}. */
    private final String self;
    private final String callee;
    private final Set<String> devices;
    private final Set<String> rejected = new HashSet<>();
    private final AudioSession sipOffer;
    private final MediaPath media;
    private final JingleDevices.Answerer answerer;
    private final Consumer<Element> send;
    private final Runnable onEnd;
    private final long sdpSession;
    private State state = State.PROPOSED;
    /** Where the SIP caller receives RTP, as its last description said. */
    private InetSocketAddress sipMedia;
    private boolean rang;
    /** The device that proceeded, the session's responder. */
    private String peer;
    private String initiateId;
    private String codec;
    private Map<Integer, Integer> jingleToSip = Map.of();
    /** The SIP caller has put the call on hold (its last description said so). */
    private boolean callerHeld;

    IncomingCall(String sid, String self, String callee, List<String> devices, AudioSession sipOffer,
                 MediaPath media, JingleDevices.Answerer answerer, Consumer<Element> send, Runnable onEnd,
                 long sdpSession) {
        this.sid = sid;
        this.self = self;
        this.callee = callee;
        this.devices = new HashSet<>(devices);
        this.sipOffer = sipOffer;
        this.media = media;
        this.answerer = answerer;
        this.send = send;
        this.onEnd = onEnd;
        this.sdpSession = sdpSession;
    }

    String sid() {
        return sid;
    }

    /** The person called, {@code alice@example.org}. */
    String callee() {
        return callee;
    }

    /** The initiate's IQ id, to match its result or error. */
    synchronized String initiateId() {
        return initiateId;
    }

    synchronized State state() {
        return state;
    }

    /** XEP-0353 §3.1: a proposal of audio to every device, each its own full JID. */
    synchronized void propose() {
        log.info("jingle {}: {} calls {} on {}", sid, self, callee, devices);
        for (String device : devices) {
            send.accept(jmi(device, Element.builder("propose", JingleNs.JINGLE_MESSAGE).attribute("id", sid)
                    .child(Element.builder("description", JingleNs.RTP).attribute("media", "audio").build())
                    .build()));
        }
    }

    // ---------------------------------------------------------------- the callee's devices

    /** A JMI message from one of the callee's resources about this call. */
    synchronized void jmi(String action, String from, Reason reason) {
        if (state == State.ENDED) {
            return;
        }
        switch (action) {
            case "ringing" -> ringing();
            case "proceed" -> {
                if (state == State.PROPOSED) {
                    initiate(from);
                }
            }
            case "reject" -> {
                if (state == State.PROPOSED || from.equals(peer) && state == State.INITIATED) {
                    rejected.add(from);
                    if (state == State.INITIATED || rejected.containsAll(devices)) {
                        // XEP-0353 §3.3: every device said no (a decline on one leaves the others ringing)
                        refuse(reason == null ? JingleReason.DECLINE : reasonOf(reason), false);
                    }
                }
            }
            default -> { } // accept (to the callee's own devices), finish: nothing to do here
        }
    }

    /** The session-initiate was answered: a result, or an error (the device refused it). */
    synchronized void initiateAnswered(boolean ok, String condition) {
        if (state == State.INITIATED && !ok) {
            log.info("jingle {}: {} refused the session-initiate ({})", sid, peer, condition);
            refuse(JingleReason.GENERAL_ERROR, false);
        }
    }

    /** A Jingle action from the device that proceeded; the IQ is acknowledged by the caller. */
    synchronized void jingle(Jingle jingle, String from) {
        if (state == State.ENDED || !from.equals(peer)) {
            return;
        }
        switch (jingle.action()) {
            case SESSION_ACCEPT -> {
                if (state == State.INITIATED) {
                    accepted(jingle);
                }
            }
            case SESSION_INFO -> {
                if ("ringing".equals(jingle.info())) {
                    ringing();
                } else if (state == State.ACTIVE && ("hold".equals(jingle.info()) || "unhold".equals(jingle.info()))) {
                    answerer.held("hold".equals(jingle.info())); // XEP-0167 §7.1: the SIP caller hears of it
                }
            }
            case SESSION_TERMINATE -> {
                if (state == State.ACTIVE) {
                    log.info("jingle {}: ended by {} ({})", sid, peer, jingle.reason() == null ? "no reason"
                            : jingle.reason().condition());
                    state = State.ENDED;
                    answerer.hungUp();
                    finish();
                } else {
                    refuse(jingle.reason() == null ? JingleReason.DECLINE : reasonOf(jingle.reason()), false);
                }
            }
            default -> { } // transport-info: ICE-lite learns the device's addresses from its checks
        }
    }

    /** A resource of the callee went offline. */
    synchronized void resourceGone(String fullJid) {
        if (state == State.ENDED) {
            return;
        }
        if (fullJid.equals(peer)) {
            if (state == State.ACTIVE) {
                state = State.ENDED;
                answerer.hungUp();
                finish();
            } else {
                refuse(JingleReason.GONE, false);
            }
        } else if (state == State.PROPOSED && devices.remove(fullJid) && rejected.containsAll(devices)) {
            refuse(devices.isEmpty() ? JingleReason.GONE : JingleReason.DECLINE, false);
        }
    }

    /** ICE, DTLS or the RTP flow failed (a media thread). */
    synchronized void mediaFailed(String condition, String why) {
        if (state == State.ENDED) {
            return;
        }
        log.info("jingle {}: media failed: {}", sid, why);
        boolean active = state == State.ACTIVE;
        terminate(condition, why);
        if (active) {
            answerer.hungUp();
        } else {
            answerer.refused(JingleSip.refusal(reasonOrGeneral(condition)));
        }
    }

    // ---------------------------------------------------------------- the SIP side (JingleDevices.Ringing)

    @Override
    public synchronized void cancel() {
        switch (state) {
            case PROPOSED -> {
                // XEP-0353 §3.4: the caller gave up before any device proceeded
                for (String device : devices) {
                    send.accept(jmi(device, Element.builder("retract", JingleNs.JINGLE_MESSAGE)
                            .attribute("id", sid).child(CallProposals.reason(new Reason("cancel", null))).build()));
                }
                state = State.ENDED;
                finish();
            }
            case INITIATED, ACTIVE -> terminate("cancel", null);
            case ENDED -> { }
        }
    }

    @Override
    public synchronized void hangUp() {
        if (state == State.PROPOSED) {
            cancel();
        } else if (state != State.ENDED) {
            terminate("success", null);
        }
    }

    @Override
    public synchronized void updated(byte[] description) {
        if (state != State.ACTIVE) {
            return;
        }
        try {
            AudioSession moved = Sdp.audio(description);
            if (!moved.refused() && !"0.0.0.0".equals(moved.address())) {
                InetSocketAddress to = new InetSocketAddress(moved.address(), moved.port());
                media.updatePlain(to, jingleToSip);
                if (!to.equals(sipMedia)) {
                    // a hold or resume re-INVITE keeps the address: only a real move is worth a line
                    log.info("jingle {}: the SIP caller moved its media to {}:{}", sid, moved.address(),
                            moved.port());
                }
                sipMedia = to;
            }
            if (moved.held() != callerHeld) {
                callerHeld = moved.held();
                // XEP-0167 §7.1: the caller's hold (or its end) is told to the device
                send.accept(info(callerHeld ? "hold" : "unhold"));
                log.info("jingle {}: the SIP caller {} the call", sid, callerHeld ? "holds" : "resumes");
            }
        } catch (SdpFormatException e) {
            log.info("jingle {}: the caller's new description is unusable: {}", sid, e.getMessage());
        }
    }

    @Override
    public synchronized Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("jid", peer != null ? peer : callee);
        d.put("sid", sid);
        d.put("state", state.name().toLowerCase(Locale.ROOT));
        if (codec != null) {
            d.put("codec", codec);
        }
        d.put("media", media.stats());
        return d;
    }

    // ---------------------------------------------------------------- steps

    private void ringing() {
        if (!rang && state != State.ACTIVE) {
            rang = true;
            answerer.ringing();
        }
    }

    /** XEP-0353 §3.2: the session goes to the full JID that proceeded. */
    private void initiate(String device) {
        peer = device;
        state = State.INITIATED;
        initiateId = JingleSessions.newIqId();
        RtpDescription description = new RtpDescription("audio", null, sipOffer.payloadTypes(), true, List.of(),
                List.of(), List.of());
        Content content = new Content("initiator", CONTENT, "both", description,
                JingleCall.ourTransport(media.secureLocal(), sid, SetupRole.ACTPASS));
        send.accept(JingleSessions.iq(self, peer, initiateId, new Jingle(JingleAction.SESSION_INITIATE, sid, self,
                null, List.of(content), new Jingle.Group("BUNDLE", List.of(CONTENT)), null, null)));
        log.info("jingle {}: {} proceeded, session offered", sid, peer);
    }

    /** XEP-0166 §6.5: the device's answer; media starts and the SIP caller gets its answer. */
    private void accepted(Jingle accept) {
        Content content = accept.contents().stream()
                .filter(c -> c.description() != null && "audio".equals(c.description().media()))
                .findFirst().orElse(null);
        IceUdpTransport transport = content == null ? null : content.transport();
        if (transport == null || transport.ufrag() == null || transport.pwd() == null) {
            refuse(JingleReason.FAILED_TRANSPORT, true, "the session-accept has no ICE-UDP transport");
            return;
        }
        if (transport.fingerprint() == null || transport.fingerprint().value() == null) {
            refuse(JingleReason.SECURITY_ERROR, true, "the session-accept has no DTLS fingerprint (XEP-0320)");
            return;
        }
        SetupRole ours;
        try {
            new Fingerprint(transport.fingerprint().hash(), transport.fingerprint().value());
            // RFC 5763 §5: the answer is active or passive; a missing setup in an answer is active (RFC 4145 §4)
            String setup = transport.fingerprint().setup();
            ours = (setup == null ? SetupRole.ACTIVE : SetupRole.parse(setup)).counterpart();
        } catch (IllegalArgumentException e) {
            refuse(JingleReason.SECURITY_ERROR, true, "unusable DTLS fingerprint or setup: " + e.getMessage());
            return;
        }
        JingleAnswer answer = JingleAnswer.of(content.description().payloadTypes(), sipOffer.payloadTypes())
                .orElse(null);
        if (answer == null) {
            refuse(JingleReason.FAILED_APPLICATION, true, "no codec of the caller was accepted");
            return;
        }
        jingleToSip = answer.jingleToSip();
        media.startSecure(transport.ufrag(), transport.pwd(), transport.fingerprint().hash(),
                transport.fingerprint().value(), ours);
        sipMedia = new InetSocketAddress(sipOffer.address(), sipOffer.port());
        media.startPlain(sipMedia, jingleToSip);
        answer.forSip().stream().filter(t -> !"telephone-event".equalsIgnoreCase(t.name())).findFirst()
                .ifPresent(t -> codec = t.name() + "/" + t.clockrate());
        state = State.ACTIVE;
        InetSocketAddress plain = media.plainLocal();
        byte[] sdp = Sdp.write(sdpSession, 1, plain.getAddress().getHostAddress(), plain.getPort(), answer.forSip(),
                PTIME, "sendrecv");
        log.info("jingle {}: {} answered ({}), DTLS {}", sid, peer, codec, ours.attribute());
        answerer.answered(sdp, peer);
    }

    private void refuse(JingleReason reason, boolean terminate) {
        refuse(reason, terminate, null);
    }

    /** Not answered: the SIP caller gets the table's refusal; the session, if any, is terminated with the reason. */
    private void refuse(JingleReason reason, boolean terminate, String text) {
        if (state == State.ENDED) {
            return;
        }
        if (terminate) {
            terminate(reason.element(), text);
        } else {
            state = State.ENDED;
            finish();
        }
        if (text != null) {
            log.info("jingle {}: {}", sid, text);
        }
        answerer.refused(JingleSip.refusal(reason));
    }

    /** XEP-0167 §7: a session-info to the device ({@code hold}, {@code unhold}). */
    private Element info(String what) {
        return JingleSessions.iq(self, peer, new Jingle(JingleAction.SESSION_INFO, sid, self, null, List.of(), null,
                null, what));
    }

    private void terminate(String condition, String text) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        send.accept(JingleSessions.iq(self, peer, new Jingle(JingleAction.SESSION_TERMINATE, sid, self, null,
                List.of(), null, new Reason(condition, text), null)));
        finish();
    }

    private void finish() {
        media.close();
        onEnd.run();
    }

    private Element jmi(String to, Element payload) {
        return CallProposals.message("chat", self, to, payload);
    }

    private static JingleReason reasonOf(Reason reason) {
        return reasonOrGeneral(reason.condition());
    }

    private static JingleReason reasonOrGeneral(String condition) {
        return JingleReason.of(condition).orElse(JingleReason.GENERAL_ERROR);
    }

    /** For tests and logs. */
    @Override
    public String toString() {
        return "jingle " + sid + " to " + callee;
    }
}

package org.parloir.bridge.xmpp;

import java.util.List;
import java.util.function.Consumer;
import org.parloir.bridge.media.dtls.SetupRole;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.call.OfferCheck;
import org.parloir.bridge.call.SipAnswer;
import org.parloir.bridge.jingle.IceUdpTransport;
import org.parloir.bridge.jingle.IceUdpTransport.Candidate;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.Jingle.Content;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.bridge.jingle.JingleAction;
import org.parloir.bridge.jingle.RtpDescription;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;
import org.parloir.bridge.sdp.Sdp;
import org.parloir.bridge.sdp.SdpFormatException;
import org.parloir.sip.api.BridgedCalls.BridgedCall;
import org.parloir.sip.api.BridgedCalls.CallParty;
import org.parloir.sip.api.JingleSip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jingle session from an XMPP client to a telephone number, bridged to a SIP call (XEP-0166 §6 as the
 * responder). The SIP side's events become session-info ringing, session-accept and session-terminate; the
 * client's session-terminate and a media failure hang the SIP side up. All state changes hold this object's lock;
 * the stanzas go out through {@code send}, which never blocks.
 */
final class JingleCall implements CallParty {

    private static final Logger log = LoggerFactory.getLogger(JingleCall.class);

    enum State { DIALLING, RINGING, ACTIVE, ENDED }

    private final String sid;
    private final String initiator;
    private final String responder;
    private final Content offered;
    /** The offer's XEP-0338 BUNDLE group, answered with the one content we accept (RFC 8843 §7.3), or null. */
    private final Jingle.Group bundle;
    private final List<PayloadType> sipOffer;
    private final MediaPath media;
    private final SetupRole role;
    private final Consumer<Jingle> send;
    private final Runnable onEnd;
    private BridgedCall call;
    /** The audio codec both sides settled on, once answered ({@code PCMU/8000}). */
    private String codec;
    private State state = State.DIALLING;
    /** Where the SIP side receives RTP, as its last description said. */
    private java.net.InetSocketAddress sipMedia;
    /** The telephone side has put the call on hold (its last description said so). */
    private boolean farEndHeld;
    /** An event of the SIP side that came before {@link #placed} returned. */
    private boolean endedBeforePlaced;

    JingleCall(String sid, String initiator, String responder, Content offered, Jingle.Group offeredGroup,
               List<PayloadType> sipOffer, MediaPath media, Consumer<Jingle> send, Runnable onEnd) {
        this.sid = sid;
        this.initiator = initiator;
        this.responder = responder;
        this.offered = offered;
        // a browser that offered BUNDLE refuses an answer without it (its m= section is in the group)
        this.bundle = offeredGroup != null && offeredGroup.contents().contains(offered.name())
                ? new Jingle.Group(offeredGroup.semantics(), List.of(offered.name())) : null;
        this.sipOffer = sipOffer;
        this.media = media;
        this.role = OfferCheck.answerRole(offered.transport().fingerprint().setup());
        this.send = send;
        this.onEnd = onEnd;
    }

    /** XEP-0320: the client's fingerprint and ICE credentials go to the media path, which then acts on its role. */
    void startSecure() {
        IceUdpTransport t = offered.transport();
        media.startSecure(t.ufrag(), t.pwd(), t.fingerprint().hash(), t.fingerprint().value(), role);
    }

    /** The SIP call is placed; if it already ended meanwhile (refused at once), hang it up now. */
    /** XEP-0167 §7: the client's session-info; a hold or its end goes to the SIP side (a re-INVITE). */
    synchronized void info(String info) {
        if (state == State.ACTIVE && call != null && ("hold".equals(info) || "unhold".equals(info))) {
            call.hold("hold".equals(info));
        }
    }

    synchronized void placed(BridgedCall placed) {
        this.call = placed;
        if (endedBeforePlaced) {
            placed.hangUp();
        }
    }

    synchronized State state() {
        return state;
    }

    String sid() {
        return sid;
    }

    String initiator() {
        return initiator;
    }

    // ---------------------------------------------------------------- the SIP side

    @Override
    public synchronized void ringing() {
        if (state == State.DIALLING) {
            state = State.RINGING;
            // XEP-0167 §7.3: the responder's device is ringing
            send.accept(new Jingle(JingleAction.SESSION_INFO, sid, initiator, null, List.of(), null, null,
                    "ringing"));
        }
    }

    @Override
    public synchronized void answered(byte[] answer) {
        if (state == State.ENDED || state == State.ACTIVE) {
            return;
        }
        SipAnswer sip;
        try {
            sip = SipAnswer.of(Sdp.audio(answer), sipOffer).orElse(null);
        } catch (SdpFormatException e) {
            log.info("jingle {}: the SIP answer's SDP is unusable: {}", sid, e.getMessage());
            sip = null;
        }
        if (sip == null) {
            hangUpSip();
            terminate("failed-application", "the telephone side answered with no codec in common");
            return;
        }
        sipMedia = new java.net.InetSocketAddress(sip.address(), sip.port());
        media.startPlain(sipMedia, sip.jingleToSip());
        sip.forJingle().stream().filter(t -> !"telephone-event".equalsIgnoreCase(t.name())).findFirst()
                .ifPresent(t -> codec = t.name() + "/" + t.clockrate());
        state = State.ACTIVE;
        send.accept(new Jingle(JingleAction.SESSION_ACCEPT, sid, initiator, responder, List.of(accepted(sip)),
                bundle, null, null));
        log.info("jingle {}: {} answered, media {} <-> {}:{}", sid, responder, media.secureLocal().candidate(),
                sip.address(), sip.port());
    }

    @Override
    public synchronized void updated(byte[] description) {
        if (state != State.ACTIVE) {
            return;
        }
        try {
            org.parloir.bridge.sdp.AudioSession session = Sdp.audio(description);
            SipAnswer.of(session, sipOffer).ifPresentOrElse(moved -> {
                if (!"0.0.0.0".equals(moved.address())) {
                    java.net.InetSocketAddress to = new java.net.InetSocketAddress(moved.address(), moved.port());
                    media.updatePlain(to, moved.jingleToSip());
                    if (!to.equals(sipMedia)) {
                        // a hold or resume re-INVITE keeps the address: only a real move is worth a line
                        log.info("jingle {}: the telephone side moved its media to {}:{}", sid, moved.address(),
                                moved.port());
                    }
                    sipMedia = to;
                }
            }, () -> log.info("jingle {}: a new SIP description with no codec in common is ignored", sid));
            if (session.held() != farEndHeld) {
                farEndHeld = session.held();
                // XEP-0167 §7.1: the telephone side's hold (or its end) is told to the client
                send.accept(new Jingle(JingleAction.SESSION_INFO, sid, initiator, null, List.of(), null, null,
                        farEndHeld ? "hold" : "unhold"));
                log.info("jingle {}: the telephone side {} the call", sid, farEndHeld ? "holds" : "resumes");
            }
        } catch (SdpFormatException e) {
            log.info("jingle {}: the new SIP description is unusable: {}", sid, e.getMessage());
        }
    }

    @Override
    public synchronized void refused(int status) {
        terminate(JingleSip.reason(status).element(), "the call was not answered (SIP " + status + ")");
    }

    @Override
    public synchronized void refused(int status, String why) {
        terminate(JingleSip.reason(status).element(), why + " (SIP " + status + ")"); // the server's own words
    }

    @Override
    public synchronized void hungUp() {
        terminate("success", null);
    }

    @Override
    public synchronized java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("jid", initiator);
        d.put("sid", sid);
        d.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        if (codec != null) {
            d.put("codec", codec);
        }
        d.put("media", media.stats());
        return d;
    }

    // ---------------------------------------------------------------- the Jingle side

    /** The client's session-terminate (XEP-0166 §6.7): the SIP side is cancelled or hung up. */
    synchronized void terminatedByClient(Reason reason) {
        if (state == State.ENDED) {
            return;
        }
        log.info("jingle {}: ended by {} ({})", sid, initiator, reason == null ? "no reason" : reason.condition());
        state = State.ENDED;
        hangUpSip();
        finish();
    }

    /** ICE, DTLS or the RTP flow failed (a media thread): {@code condition} is the XEP-0166 reason. */
    synchronized void mediaFailed(String condition, String why) {
        if (state == State.ENDED) {
            return;
        }
        log.info("jingle {}: media failed: {}", sid, why);
        hangUpSip();
        terminate(condition, why);
    }

    /** The server ends the session (the client's resource went away, shutdown). */
    synchronized void end(String condition, String text) {
        if (state != State.ENDED) {
            hangUpSip();
            terminate(condition, text);
        }
    }

    private void terminate(String condition, String text) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        send.accept(new Jingle(JingleAction.SESSION_TERMINATE, sid, initiator, null, List.of(), null,
                new Reason(condition, text), null));
        finish();
    }

    private void hangUpSip() {
        if (call != null) {
            call.hangUp();
        } else {
            endedBeforePlaced = true;
        }
    }

    private void finish() {
        media.close();
        onEnd.run();
    }

    /** The session-accept content: the shared codecs with the client's numbers, our candidate and fingerprint. */
    private Content accepted(SipAnswer sip) {
        RtpDescription offeredRtp = offered.description();
        RtpDescription description = new RtpDescription("audio", null, sip.forJingle(), offeredRtp.rtcpMux(),
                List.of(), List.of(), List.of());
        return new Content(offered.creator(), offered.name(), offered.senders(), description,
                ourTransport(media.secureLocal(), sid, role));
    }

    /**
     * The bridge's ICE-UDP transport (ICE-lite: its one host candidate) with its DTLS fingerprint and
     * {@code setup} role (XEP-0320), for a session-initiate or a session-accept.
     */
    static IceUdpTransport ourTransport(MediaPath.SecureLocal local, String sid, SetupRole setup) {
        // RFC 8445 §5.1.2: a host candidate's priority, type preference 126, one component (rtcp-mux)
        Candidate host = new Candidate(1, "1", 0, "parloir-" + sid.hashCode(), local.candidate().getAddress()
                .getHostAddress(), local.candidate().getPort(), (126L << 24) | (65535L << 8) | 255, "udp", "host",
                null, 0);
        return new IceUdpTransport(local.ufrag(), local.pwd(), List.of(host),
                new IceUdpTransport.Fingerprint(local.fingerprintHash(), setup.attribute(), local.fingerprint()));
    }
}

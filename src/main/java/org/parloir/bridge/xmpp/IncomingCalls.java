package org.parloir.bridge.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jxmpp.jid.Jid;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.bridge.sdp.AudioSession;
import org.parloir.bridge.sdp.Sdp;
import org.parloir.bridge.sdp.SdpFormatException;
import org.parloir.core.E164;
import org.parloir.sip.api.DialPlan;
import org.parloir.sip.api.JingleDevices;
import org.parloir.sip.api.Refusal;
import org.parloir.xmpp.api.XmppDevices;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP calls to people online in Jingle clients (issue 11, {@link JingleDevices}): the bridge rings the person's
 * resources whose XEP-0115 caps advertise Jingle RTP audio over ICE-UDP with DTLS-SRTP and XEP-0353, from the
 * caller's address on the telephone gateway ({@code +33139635511@phone.example.org}, or for a SIP address
 * {@code carol\40example.org@phone.example.org}, XEP-0106), so the callee can call back. The gateway service
 * hands this class the stanzas of these calls (the sid is the proposal id, unique per call).
 */
public final class IncomingCalls implements JingleDevices {

    private static final Logger log = LoggerFactory.getLogger(IncomingCalls.class);
    /** What a device must advertise to be rung: what Conversations needs to take a call (XEP-0353 + Jingle RTP). */
    static final List<String> CALLABLE = List.of(JingleNs.JINGLE, JingleNs.RTP, PhoneCaps.RTP_AUDIO,
            JingleNs.ICE_UDP, JingleNs.DTLS, JingleNs.JINGLE_MESSAGE);
    private static final Refusal NO_DEVICE = Refusal.TEMPORARILY_UNAVAILABLE;
    private static final Refusal NO_MEDIA_PORT = new Refusal.ServiceUnavailable("No media port free", 0);

    private final Supplier<XmppDevices> devices;
    private final Supplier<StanzaOutbox> outbox;
    private final MediaPath.Factory media;
    private final DialPlan dialPlan;
    private final String subdomain;
    private final Map<String, IncomingCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong sdpSessions = new AtomicLong(System.currentTimeMillis() / 1000);

    /**
     * @param devices  the XMPP server's view of online resources (looked up when needed; null without XMPP)
     * @param outbox   how the gateway reaches local users (looked up when needed)
     * @param dialPlan tells a caller's number from a SIP address
     */
    public IncomingCalls(Supplier<XmppDevices> devices, Supplier<StanzaOutbox> outbox, MediaPath.Factory media,
                         DialPlan dialPlan, String subdomain) {
        this.devices = devices;
        this.outbox = outbox;
        this.media = media;
        this.dialPlan = dialPlan;
        this.subdomain = subdomain;
    }

    /** Calls ringing or in progress (a gauge). */
    public int active() {
        return calls.size();
    }

    @Override
    public boolean reachable(String aor) {
        return !callable(aor).isEmpty();
    }

    private List<String> callable(String aor) {
        XmppDevices online = devices.get();
        return online == null ? List.of() : online.resourcesWith(aor, CALLABLE);
    }

    @Override
    public Ringing ring(Ring request, Answerer answerer) {
        List<String> resources = callable(request.callee());
        String sid = UUID.randomUUID().toString();
        if (resources.isEmpty()) {
            answerer.refused(NO_DEVICE); // went offline since the route was chosen
            return Refused.INSTANCE;
        }
        AudioSession offer;
        try {
            offer = Sdp.audio(request.offer());
        } catch (SdpFormatException e) {
            log.info("{}: the caller's SDP is unusable for the bridge: {}", request.callId(), e.getMessage());
            answerer.refused(new Refusal.UnsupportedMedia("no usable audio stream"));
            return Refused.INSTANCE;
        }
        if (offer.refused() || offer.payloadTypes().isEmpty() || !"RTP/AVP".equalsIgnoreCase(offer.profile())) {
            // SDES-SRTP (RTP/SAVP) on the SIP leg is not relayed yet: refuse rather than send keys in the clear
            answerer.refused(new Refusal.UnsupportedMedia("the bridge relays plain RTP/AVP audio"));
            return Refused.INSTANCE;
        }
        IncomingCall[] holder = new IncomingCall[1];
        MediaPath path;
        try {
            path = media.open(sid, (condition, why) -> {
                if (holder[0] != null) {
                    holder[0].mediaFailed(condition, why);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("{}: no media port for a call to {}: {}", request.callId(), request.callee(), e.getMessage());
            answerer.refused(NO_MEDIA_PORT);
            return Refused.INSTANCE;
        }
        String domain = request.callee().substring(request.callee().indexOf('@') + 1);
        String self = callerJid(request.caller(), domain) + "/" + PhoneService.NUMBER_RESOURCE;
        StanzaOutbox out = outbox.get();
        IncomingCall call = new IncomingCall(sid, self, request.callee(), resources, offer, path, answerer,
                out::send, () -> calls.remove(sid), sdpSessions.incrementAndGet());
        holder[0] = call;
        calls.put(sid, call);
        call.propose();
        return call;
    }

    /**
     * The caller as a JID of the gateway: a number as the callee would dial it back, else the SIP address escaped
     * into a localpart (XEP-0106).
     */
    String callerJid(String fromUri, String domain) {
        String user = fromUri;
        int colon = user.indexOf(':');
        if (colon >= 0 && !user.startsWith("+")) {
            user = user.substring(colon + 1);
        }
        int params = user.indexOf(';');
        if (params >= 0) {
            user = user.substring(0, params);
        }
        String address = user;
        String local = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        Optional<E164> number = dialPlan.number(local, domain);
        String localpart = number.map(E164::value).orElseGet(() -> escape(address.toLowerCase(Locale.ROOT)));
        return localpart + "@" + subdomain + "." + domain;
    }

    /** XEP-0106 §4.2: the characters a localpart cannot hold, escaped. */
    static String escape(String address) {
        StringBuilder s = new StringBuilder();
        for (char c : address.toCharArray()) {
            switch (c) {
                case ' ' -> s.append("\\20");
                case '"' -> s.append("\\22");
                case '&' -> s.append("\\26");
                case '\'' -> s.append("\\27");
                case '/' -> s.append("\\2f");
                case ':' -> s.append("\\3a");
                case '<' -> s.append("\\3c");
                case '>' -> s.append("\\3e");
                case '@' -> s.append("\\40");
                case '\\' -> s.append("\\5c");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- stanzas the gateway hands over

    /** A JMI message about one of these calls (its id is our sid); false when it is not ours. */
    boolean message(Element jmi, Jid from) {
        IncomingCall call = jmi.attribute("id") == null ? null : calls.get(jmi.attribute("id"));
        if (call == null || !from.hasResource()) {
            return false;
        }
        Element reason = jmi.child("reason", JingleNs.JINGLE);
        Reason parsed = null;
        if (reason != null) {
            String condition = reason.elements().stream().filter(e -> !"text".equals(e.name()))
                    .map(Element::name).findFirst().orElse(null);
            parsed = condition == null ? null : new Reason(condition, reason.childText("text", JingleNs.JINGLE));
        }
        if (isCallee(call, from)) {
            call.jmi(jmi.name(), from.toString(), parsed);
        }
        return true;
    }

    /** A Jingle IQ set for one of these calls; false when it is not ours. Acknowledged here (XEP-0166 §6.2). */
    boolean iq(Element iq, Element jingleElement, Jid from, StanzaOutbox replies) {
        IncomingCall call = calls.get(String.valueOf(jingleElement.attribute("sid")));
        if (call == null) {
            return false;
        }
        if (!isCallee(call, from)) {
            replies.send(Stanzas.error(iq, StanzaError.of(Condition.ITEM_NOT_FOUND, "no such Jingle session")
                    .withExtra(Element.of("unknown-session", JingleNs.ERRORS))));
            return true;
        }
        Jingle jingle;
        try {
            jingle = JingleXml.parse(jingleElement);
        } catch (JingleFormatException e) {
            replies.send(Stanzas.error(iq, StanzaError.of(Condition.BAD_REQUEST, e.getMessage())));
            return true;
        }
        replies.send(Stanzas.result(iq, null));
        call.jingle(jingle, from.toString());
        return true;
    }

    /** The result or error of our session-initiate; false when the IQ is not one of ours. */
    boolean response(Element iq) {
        String id = iq.attribute("id");
        if (id == null) {
            return false;
        }
        for (IncomingCall call : calls.values()) {
            if (id.equals(call.initiateId())) {
                boolean ok = "result".equals(iq.attribute("type"));
                String condition = iq.elements().stream().filter(e -> "error".equals(e.name()))
                        .flatMap(e -> e.elements().stream()).map(Element::name).findFirst().orElse(null);
                call.initiateAnswered(ok, condition);
                return true;
            }
        }
        return false;
    }

    void resourceGone(String fullJid) {
        calls.values().forEach(call -> call.resourceGone(fullJid));
    }

    private static boolean isCallee(IncomingCall call, Jid from) {
        return call.callee().equals(from.asBareJid().toString());
    }

    /** A call refused before it rang: nothing to cancel. */
    private enum Refused implements Ringing {
        INSTANCE;

        @Override
        public void cancel() {
        }

        @Override
        public void hangUp() {
        }

        @Override
        public void updated(byte[] description) {
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of();
        }
    }
}

package org.parloir.bridge.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.JingleAction;
import org.parloir.bridge.jingle.RtpDescription.PayloadType;
import org.parloir.bridge.sdp.Sdp;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.BridgedCalls.BridgedCallRequest;
import org.parloir.sip.api.SipDevices;
import org.parloir.xmpp.api.XmppDevices;
import org.parloir.xmpp.spi.VirtualResource;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.EntityCaps;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's SIP phones as one XMPP resource of theirs, {@code bob@example.org/parloir-sip} (issue 11: one person,
 * one address). It is available, with the caps of a Jingle audio device, while bob has a SIP phone registered, so a
 * Jingle client shows its call button for bob even when none of bob's XMPP clients is online. An XEP-0353
 * {@code propose} of audio to bob's bare JID (which bob's clients get as usual) or to this resource dials bob's SIP
 * phones through our proxy, from the caller's own address; when a phone answers, this resource sends
 * {@code proceed} and takes the caller's session-initiate as the responder ({@link JingleCall}, the media relayed
 * DTLS-SRTP ↔ RTP). The first answer wins: a phone's answer sends {@code accept} to bob's other clients, and a
 * proceed or accept from one of them, or the caller's retract, cancels the phones.
 */
public final class PersonCalls implements VirtualResource {

    private static final Logger log = LoggerFactory.getLogger(PersonCalls.class);
    public static final String RESOURCE = "parloir-sip";
    /** XEP-0167 §4: G.711 in 20 ms packets. */
    private static final int PTIME = 20;
    /**
     * What the bridge offers the phones before any Jingle offer exists: G.711 both ways and RFC 4733 events, which
     * every WebRTC stack and Conversations also offer.
     */
    private static final List<PayloadType> SIP_OFFER = List.of(new PayloadType(0, "PCMU", 8000, 1),
            new PayloadType(8, "PCMA", 8000, 1), new PayloadType(101, "telephone-event", 8000, 1, 0,
                    Map.of("events", "0-15"), List.of()));

    /** A call is keyed by the caller's full JID and the proposal id, which becomes the sid (XEP-0353 §3.2). */
    record Key(String caller, String id) {
    }

    private final Map<Key, PersonCall> calls = new ConcurrentHashMap<>();
    private final BridgedCalls sip;
    private final SipDevices phones;
    private final Supplier<XmppDevices> xmpp;
    private final MediaPath.Factory media;
    private final int maxPerUser;
    private final ScheduledExecutorService timers;
    private final java.time.Duration initiateTimeout;
    private final EntityCaps caps = PhoneCaps.sipPhones();
    private final AtomicLong sdpSessions = new AtomicLong(System.currentTimeMillis() / 1000);

    /**
     * @param xmpp            the XMPP server's online resources (looked up when needed; null without XMPP)
     * @param initiateTimeout how long an answered phone waits for the caller's session-initiate after proceed
     */
    public PersonCalls(BridgedCalls sip, SipDevices phones, Supplier<XmppDevices> xmpp, MediaPath.Factory media,
                       int maxPerUser, ScheduledExecutorService timers, java.time.Duration initiateTimeout) {
        this.sip = sip;
        this.phones = phones;
        this.xmpp = xmpp;
        this.media = media;
        this.maxPerUser = maxPerUser;
        this.timers = timers;
        this.initiateTimeout = initiateTimeout;
    }

    /** Calls ringing or in progress (a gauge). */
    public int active() {
        return calls.size();
    }

    @Override
    public String resource() {
        return RESOURCE;
    }

    @Override
    public Set<String> messageNamespaces() {
        return Set.of(JingleNs.JINGLE_MESSAGE);
    }

    @Override
    public Element presence(String bareJid) {
        if (!phones.registered(bareJid)) {
            return null;
        }
        // priority -1 (RFC 6121 §4.7.2.3): messages to the bare JID are never meant for the phones
        return Element.builder("presence", Namespaces.CLIENT)
                .child(Element.builder("priority", Namespaces.CLIENT).text("-1").build())
                .child(caps.presenceElement()).build();
    }

    // ---------------------------------------------------------------- XEP-0353 messages

    @Override
    public void message(Element message, Outbox outbox) {
        Element jmi = message.childIn(JingleNs.JINGLE_MESSAGE);
        Jid from = jid(message.attribute("from"));
        Jid to = jid(message.attribute("to"));
        String id = jmi == null ? null : jmi.attribute("id");
        if (id == null || from == null || to == null || !from.hasResource()) {
            return;
        }
        String callee = to.asBareJid().toString();
        switch (jmi.name()) {
            case "propose" -> {
                if (to.hasResource() && !RESOURCE.equals(to.getResourceOrEmpty().toString())) {
                    return; // a proposal to one of the callee's clients, not to the phones
                }
                propose(message, jmi, from, callee, outbox);
            }
            case "retract" -> {
                PersonCall call = calls.get(new Key(from.toString(), id));
                if (call != null) {
                    call.cancelled("the caller retracted the proposal");
                }
            }
            // the callee took the call on another device (proceed to the caller, accept to their own account) or
            // declined it there, which ends it for the caller
            case "proceed", "accept", "reject" -> calls.forEach((key, call) -> {
                if (key.id().equals(id) && call.callee().equals(from.asBareJid().toString())
                        && !from.toString().equals(call.self())) {
                    call.cancelled(from + " sent " + jmi.name());
                }
            });
            default -> { } // ringing, finish: nothing to do for the phones
        }
    }

    private void propose(Element message, Element jmi, Jid from, String callee, Outbox outbox) {
        String caller = from.asBareJid().toString();
        String id = jmi.attribute("id");
        boolean audio = jmi.elements().stream().anyMatch(d -> d.is("description", JingleNs.RTP)
                && "audio".equals(d.attribute("media")));
        if (caller.equals(callee) || !audio || message.child("delay", Namespaces.DELAY) != null
                || !phones.registered(callee)) {
            return; // not a call the phones can take; the callee's clients have the proposal
        }
        Key key = new Key(from.toString(), id);
        if (calls.containsKey(key)) {
            return;
        }
        if (calls.keySet().stream().filter(k -> k.caller().startsWith(caller + "/")).count() >= maxPerUser) {
            log.info("jingle {}: {} has {} calls already; {}'s SIP phones are not rung", id, caller, maxPerUser,
                    callee);
            return;
        }
        String self = callee + "/" + RESOURCE;
        String type = message.attribute("type") == null ? "chat" : message.attribute("type");
        PersonCall[] holder = new PersonCall[1];
        MediaPath path;
        try {
            path = media.open(id, (condition, why) -> {
                if (holder[0] != null) {
                    holder[0].mediaFailed(condition, why);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("jingle {}: no media port for a call of {} to {}'s SIP phones: {}", id, from, callee,
                    e.getMessage());
            return;
        }
        PersonCall call = new PersonCall(id, from.toString(), callee, self, type, path, outbox::send,
                () -> calls.remove(key), this::jingleDevicesOnline, timers, initiateTimeout);
        holder[0] = call;
        calls.put(key, call);
        byte[] sdp = Sdp.write(sdpSessions.incrementAndGet(), 1, path.plainLocal().getAddress().getHostAddress(),
                path.plainLocal().getPort(), SIP_OFFER, PTIME, "sendrecv");
        log.info("jingle {}: {} calls {}; ringing their SIP phones", id, from, callee);
        try {
            call.placed(sip.dial(new BridgedCallRequest(caller, from.toString(), callee, sdp), call));
        } catch (IllegalArgumentException e) {
            log.warn("jingle {}: the call of {} to {} cannot be placed: {}", id, from, callee, e.getMessage());
            call.cancelled("not placed");
        }
    }

    /** Does the callee have an XMPP client online that takes calls (it may still answer)? */
    private boolean jingleDevicesOnline(String callee) {
        XmppDevices devices = xmpp.get();
        return devices != null && !devices.resourcesWith(callee, IncomingCalls.CALLABLE).isEmpty();
    }

    // ---------------------------------------------------------------- IQs to the resource

    @Override
    public void iq(Element iq, Outbox outbox) {
        String type = iq.attribute("type");
        if (!"get".equals(type) && !"set".equals(type)) {
            return; // results of our Jingle IQs: nothing waits for them
        }
        Jid from = jid(iq.attribute("from"));
        Jid to = jid(iq.attribute("to"));
        List<Element> payload = iq.elements();
        if (from == null || to == null || iq.attribute("id") == null || payload.size() != 1) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.BAD_REQUEST, "an IQ request has one payload")));
            return;
        }
        Element query = payload.getFirst();
        if ("set".equals(type) && query.is("jingle", JingleNs.JINGLE)) {
            jingle(iq, query, from, outbox);
            return;
        }
        boolean get = "get".equals(type);
        Element answer = switch (query.namespace()) {
            case Namespaces.DISCO_INFO -> get ? discoInfo(iq, query) : null;
            case Namespaces.PING -> get ? Stanzas.result(iq, null) : null;
            default -> null;
        };
        outbox.send(answer != null ? answer : Stanzas.error(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE)));
    }

    /** XEP-0115 §6.2: our node#ver (or no node) answers with the caps; any other node is unknown. */
    private Element discoInfo(Element iq, Element query) {
        String node = query.attribute("node");
        if (node != null && !node.equals(caps.capsNode())) {
            return Stanzas.error(iq, StanzaError.of(Condition.ITEM_NOT_FOUND));
        }
        return Stanzas.result(iq, caps.discoInfo(node));
    }

    private void jingle(Element iq, Element element, Jid from, Outbox outbox) {
        Jingle jingle;
        try {
            jingle = JingleXml.parse(element);
        } catch (JingleFormatException e) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.BAD_REQUEST, e.getMessage())));
            return;
        }
        PersonCall call = calls.get(new Key(from.toString(), jingle.sid()));
        if (call == null || !iq.attribute("to").equals(call.self())) {
            outbox.send(JingleSessions.unknownSession(iq));
            return;
        }
        if (jingle.action() == JingleAction.SESSION_INITIATE) {
            call.initiated(iq, jingle);
        } else {
            call.action(iq, jingle);
        }
    }

    @Override
    public void resourceGone(String fullJid) {
        calls.forEach((key, call) -> {
            if (key.caller().equals(fullJid)) {
                call.callerGone();
            }
        });
    }

    private static Jid jid(String value) {
        try {
            return value == null ? null : JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}

package org.parloir.bridge.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jxmpp.jid.Jid;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.call.OfferCheck;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.bridge.jingle.JingleAction;
import org.parloir.bridge.sdp.Sdp;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.BridgedCalls.BridgedCallRequest;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jingle sessions of the telephone gateway: session-initiate to a number starts a bridged call, the other
 * actions go to their session (XEP-0166 §6, §8). A session is keyed by the initiator's full JID and sid (§7.1: the
 * sid is unique for the initiator). Bounded: {@code maxPerUser} sessions of one account at once.
 */
final class JingleSessions {

    private static final Logger log = LoggerFactory.getLogger(JingleSessions.class);
    /** XEP-0167 §4: the ptime the bridge writes for G.711 towards the SIP side. */
    private static final int PTIME = 20;

    private static final AtomicLong IDS = new AtomicLong();

    private record Key(String initiator, String sid) {
    }

    private final Map<Key, JingleCall> calls = new ConcurrentHashMap<>();
    private final BridgedCalls sip;
    private final MediaPath.Factory media;
    private final int maxPerUser;
    private final AtomicLong sdpSessions = new AtomicLong(System.currentTimeMillis() / 1000);

    JingleSessions(BridgedCalls sip, MediaPath.Factory media, int maxPerUser) {
        this.sip = sip;
        this.media = media;
        this.maxPerUser = maxPerUser;
    }

    int active() {
        return calls.size();
    }

    /**
     * An IQ set carrying a {@code <jingle/>} for {@code callee} (a number in E.164 or a person's SIP address, see
     * {@link PhoneService#callee}); {@code from} is a local user's full JID.
     */
    void iq(Element iq, Element jingleElement, Jid from, Jid to, Optional<String> callee, StanzaOutbox outbox) {
        Jingle jingle;
        try {
            jingle = JingleXml.parse(jingleElement);
        } catch (JingleFormatException e) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.BAD_REQUEST, e.getMessage())));
            return;
        }
        Key key = new Key(from.toString(), jingle.sid());
        if (jingle.action() == JingleAction.SESSION_INITIATE) {
            initiate(iq, jingle, key, from, to, callee, outbox);
            return;
        }
        JingleCall call = calls.get(key);
        if (call == null) {
            outbox.send(unknownSession(iq));
            return;
        }
        action(iq, jingle, call, outbox::send);
    }

    /** An action of the initiator in a session the bridge answered (XEP-0166 §6.6-6.7, XEP-0167 §7). */
    static void action(Element iq, Jingle jingle, JingleCall call, java.util.function.Consumer<Element> out) {
        switch (jingle.action()) {
            case SESSION_TERMINATE -> {
                out.accept(Stanzas.result(iq, null));
                call.terminatedByClient(jingle.reason());
            }
            // ICE-lite (RFC 8445 §2.5): the client's checks tell us its addresses, its candidates are not needed
            case TRANSPORT_INFO -> out.accept(Stanzas.result(iq, null));
            case SESSION_INFO -> {
                out.accept(Stanzas.result(iq, null));
                call.info(jingle.info());
            }
            default -> out.accept(Stanzas.error(iq, StanzaError.of(Condition.FEATURE_NOT_IMPLEMENTED,
                    jingle.action().wireValue() + " is not supported by the telephone gateway")
                    .withExtra(Element.of("unsupported-info", JingleNs.ERRORS))));
        }
    }

    /** XEP-0166 §8: an action for a session nobody knows. */
    static Element unknownSession(Element iq) {
        return Stanzas.error(iq, StanzaError.of(Condition.ITEM_NOT_FOUND, "no such Jingle session")
                .withExtra(Element.of("unknown-session", JingleNs.ERRORS)));
    }

    private void initiate(Element iq, Jingle jingle, Key key, Jid from, Jid to, Optional<String> callee,
                          StanzaOutbox outbox) {
        if (callee.isEmpty()) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.ITEM_NOT_FOUND,
                    "not a telephone number or SIP address")));
            return;
        }
        if (calls.containsKey(key)) {
            // §7.1: the initiator reused a sid of a live session
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.CONFLICT, "this sid is in use")));
            return;
        }
        // §6.2: acknowledge the initiate; whether the session goes on is told by session-accept or -terminate
        outbox.send(Stanzas.result(iq, null));
        String responder = to.asBareJid() + "/" + PhoneService.NUMBER_RESOURCE;
        String bare = from.asBareJid().toString();
        if (calls.keySet().stream().filter(k -> k.initiator().startsWith(bare + "/")).count() >= maxPerUser) {
            outbox.send(terminate(jingle.sid(), key.initiator(), responder, "general-error",
                    "too many calls at once for " + bare));
            return;
        }
        switch (OfferCheck.check(jingle)) {
            case OfferCheck.Refused refused -> outbox.send(terminate(jingle.sid(), key.initiator(), responder,
                    refused.condition(), refused.text()));
            case OfferCheck.Bridgeable ok -> start(jingle, key, responder, ok, callee.get(), outbox);
        }
    }

    private void start(Jingle jingle, Key key, String responder, OfferCheck.Bridgeable offer, String callee,
                       StanzaOutbox outbox) {
        JingleCall[] holder = new JingleCall[1];
        MediaPath path;
        try {
            path = media.open(jingle.sid(), (condition, why) -> {
                if (holder[0] != null) {
                    holder[0].mediaFailed(condition, why);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("jingle {}: no media port for a call of {}: {}", jingle.sid(), key.initiator(), e.getMessage());
            outbox.send(terminate(jingle.sid(), key.initiator(), responder, "general-error",
                    "the gateway has no media port free"));
            return;
        }
        String initiator = jingle.initiator() != null ? jingle.initiator() : key.initiator();
        JingleCall call = new JingleCall(jingle.sid(), initiator, responder, offer.audio(), jingle.group(),
                offer.sipOffer(), path, j -> outbox.send(iq(responder, key.initiator(), j)), () -> calls.remove(key));
        holder[0] = call;
        calls.put(key, call);
        call.startSecure();
        byte[] sdp = Sdp.write(sdpSessions.incrementAndGet(), 1, path.plainLocal().getAddress().getHostAddress(),
                path.plainLocal().getPort(), offer.sipOffer(), PTIME, "sendrecv");
        String bare = key.initiator().substring(0, key.initiator().indexOf('/'));
        log.info("jingle {}: {} calls {}", jingle.sid(), key.initiator(), callee);
        call.placed(sip.dial(new BridgedCallRequest(bare, key.initiator(), callee, sdp), call));
    }

    /** The user's resource is gone: its sessions end as if it had terminated them (RFC 6121 §4.5). */
    void resourceGone(String fullJid) {
        calls.forEach((k, call) -> {
            if (k.initiator().equals(fullJid)) {
                call.terminatedByClient(new Reason("gone", "the client went offline"));
            }
        });
    }

    static Element terminate(String sid, String initiator, String responder, String condition,
                                     String text) {
        return iq(responder, initiator, new Jingle(JingleAction.SESSION_TERMINATE, sid, initiator, null,
                java.util.List.of(), null, new Reason(condition, text), null));
    }

    static Element iq(String from, String to, Jingle jingle) {
        return iq(from, to, newIqId(), jingle);
    }

    /** A Jingle IQ set whose result or error the sender waits for by its {@code id}. */
    static Element iq(String from, String to, String id, Jingle jingle) {
        return Element.builder("iq", Namespaces.CLIENT).attribute("type", "set").attribute("from", from)
                .attribute("to", to).attribute("id", id).child(JingleXml.write(jingle)).build();
    }

    static String newIqId() {
        return "jingle-" + IDS.incrementAndGet();
    }
}

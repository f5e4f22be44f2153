package org.parloir.bridge.xmpp;

import java.util.Optional;
import java.util.function.Predicate;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.jingle.Jingle.Reason;
import org.parloir.core.E164;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.DialPlan;
import org.parloir.xmpp.spi.StanzaOutbox;
import org.parloir.xmpp.spi.SubdomainService;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.EntityCaps;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * The telephone gateway {@code phone.<domain>}: every telephone number is a contact there
 * ({@code +33139635511@phone.example.org}, or national {@code 0139635511@…} in the user's routing region). A number
 * accepts a subscription at once and asks for one back (Conversations calls only contacts with a mutual
 * subscription), and its presence carries XEP-0115 caps that advertise Jingle RTP audio over ICE-UDP with
 * DTLS-SRTP and XEP-0353 call proposals. Disco says what the service and a number are; XEP-0100 §6.3 turns a
 * dialled number into its JID.
 */
public final class PhoneService implements SubdomainService {

    /** The resource a number speaks from: XEP-0353 proceed and Jingle need a full JID (XEP-0166 §7.1). */
    static final String NUMBER_RESOURCE = "phone";
    /** {@code user@host}: RFC 3261 §25.1 user characters (unescaped), a host name or IPv4 address. */
    private static final java.util.regex.Pattern SIP_ADDRESS =
            java.util.regex.Pattern.compile("[a-z0-9._~!$&'()*+,;=-]+@[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    private final String subdomain;
    private final EntityCaps serviceCaps;
    private final EntityCaps numberCaps = PhoneCaps.number();
    private final DialPlan dialPlan;
    /** Null when no call path is configured: calls are then refused. */
    private final JingleSessions sessions;
    private final CallProposals proposals;
    /** SIP calls to our users' Jingle devices, the gateway as initiator; null when not configured. */
    private final IncomingCalls incoming;
    private final Predicate<String> ourDomain;

    public PhoneService(String subdomain, String name, DialPlan dialPlan) {
        this(subdomain, name, dialPlan, null, null, 0, null, domain -> false);
    }

    /** @param ourDomain is a domain one of ours? Only the SIP addresses of our domains are callable (no federation). */
    public PhoneService(String subdomain, String name, DialPlan dialPlan, BridgedCalls calls, MediaPath.Factory media,
                        int maxCallsPerUser, IncomingCalls incoming, Predicate<String> ourDomain) {
        this.subdomain = subdomain;
        this.ourDomain = ourDomain;
        this.incoming = incoming;
        this.serviceCaps = PhoneCaps.service(name);
        this.dialPlan = dialPlan;
        this.sessions = calls == null || media == null ? null : new JingleSessions(calls, media, maxCallsPerUser);
        this.proposals = new CallProposals(sessions != null);
    }

    /** Jingle sessions in progress (a gauge). */
    public int activeSessions() {
        return sessions == null ? 0 : sessions.active();
    }

    @Override
    public void resourceGone(String fullJid) {
        if (sessions != null) {
            sessions.resourceGone(fullJid);
        }
        if (incoming != null) {
            incoming.resourceGone(fullJid);
        }
    }

    @Override
    public String subdomain() {
        return subdomain;
    }

    @Override
    public void receive(Element stanza, StanzaOutbox outbox) {
        Jid from = jid(stanza.attribute("from"));
        Jid to = jid(stanza.attribute("to"));
        if (from == null || to == null || incoming != null && forIncoming(stanza, from, outbox)) {
            return;
        }
        if ("error".equals(stanza.attribute("type"))) {
            return;
        }
        if (Stanzas.isPresence(stanza)) {
            presence(stanza, from, to, outbox);
        } else if (Stanzas.isIq(stanza)) {
            Element jingle = stanza.child("jingle", JingleNs.JINGLE);
            if (jingle != null && "set".equals(stanza.attribute("type"))) {
                jingle(stanza, jingle, from, to, outbox);
            } else {
                GatewayIqs.answer(stanza, from, to, this, outbox);
            }
        } else if (Stanzas.isMessage(stanza) && stanza.childIn(JingleNs.JINGLE_MESSAGE) != null) {
            if (to.hasLocalpart()) {
                proposals.message(stanza, stanza.childIn(JingleNs.JINGLE_MESSAGE), from, to, refusal(from, to),
                        outbox);
            }
        } else if (Stanzas.isMessage(stanza)) {
            outbox.send(Stanzas.error(stanza, StanzaError.of(Condition.SERVICE_UNAVAILABLE,
                    "a telephone number takes calls, not text messages")));
        }
    }

    /** A stanza of a SIP call to the sender's Jingle devices (the gateway is the initiator): handled there. */
    private boolean forIncoming(Element stanza, Jid from, StanzaOutbox outbox) {
        String type = stanza.attribute("type");
        if (Stanzas.isIq(stanza)) {
            Element jingle = stanza.child("jingle", JingleNs.JINGLE);
            return "result".equals(type) || "error".equals(type) ? incoming.response(stanza)
                    : jingle != null && "set".equals(type) && incoming.iq(stanza, jingle, from, outbox);
        }
        Element jmi = Stanzas.isMessage(stanza) && !"error".equals(type)
                ? stanza.childIn(JingleNs.JINGLE_MESSAGE) : null;
        return jmi != null && incoming.message(jmi, from);
    }

    /** A Jingle action to a number; only users of the domain the gateway serves may call (no open relay). */
    private void jingle(Element iq, Element jingle, Jid from, Jid to, StanzaOutbox outbox) {
        if (!to.hasLocalpart()) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.FEATURE_NOT_IMPLEMENTED,
                    "call a number of the gateway, not the gateway")));
        } else if (!localUser(from, to) || !from.hasResource()) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.FORBIDDEN,
                    "only users of " + parentDomain(to) + " call through this gateway")));
        } else if (sessions == null) {
            outbox.send(Stanzas.error(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE,
                    "calls are not configured on this server")));
        } else {
            sessions.iq(iq, jingle, from, to, callee(to, from), outbox);
        }
    }

    /** Why {@code from} may not call {@code to}, if so. */
    private Optional<Reason> refusal(Jid from, Jid to) {
        if (!localUser(from, to)) {
            return Optional.of(new Reason("security-error", "only users of " + parentDomain(to)
                    + " call through this gateway"));
        }
        return callee(to, from).isPresent() ? Optional.empty()
                : Optional.of(new Reason("gone", "not a telephone number or SIP address"));
    }

    /** The gateway {@code phone.example.org} serves the users of {@code example.org}, and only them. */
    private boolean localUser(Jid from, Jid to) {
        return from.hasLocalpart() && from.getDomain().toString().equals(parentDomain(to));
    }

    private String parentDomain(Jid to) {
        String domain = to.getDomain().toString();
        return domain.substring(subdomain.length() + 1);
    }

    /** RFC 6121 §3 and §4.3 from the contact's side, for the service and each valid number. */
    private void presence(Element stanza, Jid from, Jid to, StanzaOutbox outbox) {
        String type = stanza.attribute("type");
        if (type == null || "unavailable".equals(type)) {
            return; // the user's own presence, broadcast to a subscribed contact: nothing to do with it yet
        }
        boolean exists = !to.hasLocalpart() || callee(to, from).isPresent();
        String self = to.asBareJid().toString();
        switch (type) {
            case "subscribe" -> {
                if (!exists) {
                    outbox.send(presence(self, from.asBareJid().toString(), "unsubscribed"));
                    return;
                }
                outbox.send(presence(self, from.asBareJid().toString(), "subscribed"));
                outbox.send(available(self, from.asBareJid().toString(), to));
                if (to.hasLocalpart()) {
                    outbox.send(presence(self, from.asBareJid().toString(), "subscribe"));
                }
            }
            case "probe" -> outbox.send(exists ? available(self, from.toString(), to)
                    : presence(self, from.toString(), "unsubscribed"));
            case "unsubscribe" -> {
                outbox.send(presence(self, from.asBareJid().toString(), "unsubscribed"));
                outbox.send(presence(to.hasLocalpart() ? self + "/" + NUMBER_RESOURCE : self,
                        from.asBareJid().toString(), "unavailable"));
            }
            default -> { } // subscribed / unsubscribed: the user's answer to our request, kept in their roster
        }
    }

    private Element available(String self, String user, Jid contact) {
        EntityCaps caps = contact.hasLocalpart() ? numberCaps : serviceCaps;
        // a number is present as one resource, the one that takes Jingle sessions; the service as its domain
        String from = contact.hasLocalpart() ? self + "/" + NUMBER_RESOURCE : self;
        return Element.builder("presence", Namespaces.CLIENT).attribute("from", from).attribute("to", user)
                .child(caps.presenceElement()).build();
    }

    private static Element presence(String from, String to, String type) {
        return Element.builder("presence", Namespaces.CLIENT).attribute("from", from).attribute("to", to)
                .attribute("type", type).build();
    }

    /** The number a JID of ours stands for, as the user who addresses it dials (the user's routing region). */
    Optional<E164> number(Jid numberJid, Jid user) {
        if (!numberJid.hasLocalpart()) {
            return Optional.empty();
        }
        return dialPlan.number(numberJid.getLocalpartOrNull().toString(), user.getDomain().toString());
    }

    /**
     * What a JID of ours stands for: a telephone number in E.164 ({@link #number}), or else a person's SIP address,
     * XEP-0106-escaped in the localpart ({@code bob\40example.org@phone.example.org}: the JID a SIP caller shows
     * as, so that the call can be returned), as {@code bob@example.org}, when it is of one of our domains (no
     * federation yet: another domain's address is no callee here, and the SIP side would refuse it too).
     */
    Optional<String> callee(Jid jid, Jid user) {
        Optional<E164> number = number(jid, user);
        if (number.isPresent() || !jid.hasLocalpart()) {
            return number.map(E164::value);
        }
        String address = jid.getLocalpartOrNull().asUnescapedString().toLowerCase(java.util.Locale.ROOT);
        return SIP_ADDRESS.matcher(address).matches() && ourDomain.test(address.substring(address.indexOf('@') + 1))
                ? Optional.of(address) : Optional.empty();
    }

    Optional<E164> dialled(String dialled, Jid user) {
        return dialPlan.number(dialled, user.getDomain().toString());
    }

    EntityCaps capsOf(Jid address) {
        return address.hasLocalpart() ? numberCaps : serviceCaps;
    }

    private static Jid jid(String value) {
        try {
            return value == null ? null : JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}

package org.parloir.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.caps.packet.CapsExtension;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.XmppClients;

/**
 * The telephone gateway phone.chat.test as Smack (a client we did not write) sees it: numbers as contacts with a
 * mutual subscription, presence whose XEP-0115 caps Smack verifies and which advertise Jingle RTP audio, disco of
 * the service, and XEP-0100's number-to-JID prompt.
 */
class PhoneServiceIT {

    private static final List<String> CALLABLE = List.of("urn:xmpp:jingle:1", "urn:xmpp:jingle:transports:ice-udp:1",
            "urn:xmpp:jingle:apps:rtp:1", "urn:xmpp:jingle:apps:dtls:0", "urn:xmpp:jingle:apps:rtp:audio",
            "urn:xmpp:jingle-message:0");

    @RegisterExtension
    static final SharedServer SERVER = Profiles.xmppTwoDomains();
    static XmppClients clients;
    static int next;

    @BeforeAll
    static void clients() throws Exception {
        clients = new XmppClients(SERVER.server(), SERVER.dataDir().resolve("tls-self-signed.p12"));
    }

    @AfterAll
    static void noop() {
        // the shared server stays up for the other classes of its profile
    }

    record User(String name, XMPPTCPConnection connection) {
    }

    static User user() throws Exception {
        String name = "phone" + (++next);
        clients.register("chat.test", name, "pw-" + name);
        return new User(name, login(name));
    }

    static XMPPTCPConnection login(String name) throws Exception {
        XMPPTCPConnection c = clients.login(clients.starttls("chat.test", name, "pw-" + name).setResource("r"));
        Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        return c;
    }

    @Test
    void aNumberAcceptsTheSubscriptionAsksForOneBackAndAdvertisesJingleAudio() throws Exception {
        User alice = user();
        BareJid number = JidCreate.bareFrom("+33139635511@phone.chat.test");
        Roster roster = Roster.getInstanceFor(alice.connection());
        BlockingQueue<Presence> fromNumber = presenceFrom(alice.connection(), number);

        subscribeBothWays(roster, number);
        Presence available = await().atMost(Duration.ofSeconds(10)).until(() -> roster.getPresence(number),
                Presence::isAvailable);
        CapsExtension caps = available.getExtension(CapsExtension.class);
        assertThat(caps).as("XEP-0115 caps in the number's presence").isNotNull();
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice.connection()).discoverInfo(number,
                caps.getNode() + "#" + caps.getVer());
        assertThat(EntityCapsManager.verifyDiscoverInfoVersion(caps.getVer(), caps.getHash(), info))
                .as("the ver Smack computes from the disco#info answer").isTrue();
        for (String feature : CALLABLE) {
            assertThat(info.containsFeature(feature)).as(feature).isTrue();
        }
        assertThat(info.getIdentities()).anySatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("client");
            assertThat(i.getType()).isEqualTo("phone");
        });
        assertThat(fromNumber).anyMatch(p -> p.getType() == Presence.Type.subscribe);
        alice.connection().disconnect();
    }

    @Test
    void aNationalNumberIsReadInTheUsersRoutingRegionAndComesBackAfterALogin() throws Exception {
        User bob = user();
        BareJid number = JidCreate.bareFrom("0139635511@phone.chat.test");
        Roster roster = Roster.getInstanceFor(bob.connection());
        subscribeBothWays(roster, number);
        bob.connection().disconnect();

        XMPPTCPConnection again = login(bob.name());
        Roster after = Roster.getInstanceFor(again);
        // RFC 6121 §4.3: the server probes its components for subscribed contacts at the initial presence
        await().atMost(Duration.ofSeconds(10)).until(() -> after.getPresence(number).isAvailable());
        assertThat(after.getEntry(number).getType()).isEqualTo(ItemType.both);
        again.disconnect();
    }

    @Test
    void somethingThatIsNoNumberRefusesTheSubscriptionAndIsNotFound() throws Exception {
        User carol = user();
        BareJid notANumber = JidCreate.bareFrom("alice@phone.chat.test");
        BareJid tooShort = JidCreate.bareFrom("12@phone.chat.test");
        BlockingQueue<Presence> answers = presenceFrom(carol.connection(), notANumber);
        Roster roster = Roster.getInstanceFor(carol.connection());

        roster.createItemAndRequestSubscription(notANumber, null, null);

        // async listeners may run out of order: the unavailable that follows can come first
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.stream()
                .anyMatch(p -> p.getType() == Presence.Type.unsubscribed));
        assertThat(answers).noneMatch(p -> p.getType() == Presence.Type.subscribed || p.isAvailable());
        await().atMost(Duration.ofSeconds(10)).until(() -> roster.getEntry(notANumber) != null
                && roster.getEntry(notANumber).getType() == ItemType.none
                && !roster.getEntry(notANumber).isSubscriptionPending());
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(carol.connection());
        assertThatThrownBy(() -> disco.discoverInfo(tooShort)).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
        carol.connection().disconnect();
    }

    @Test
    void theServiceIsListedByTheDomainAndSaysItIsATelephoneGateway() throws Exception {
        User dave = user();
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(dave.connection());
        var service = JidCreate.domainBareFrom("phone.chat.test");

        assertThat(disco.discoverItems(JidCreate.domainBareFrom("chat.test")).getItems())
                .anyMatch(item -> item.getEntityID().equals(service));
        DiscoverInfo info = disco.discoverInfo(service);
        assertThat(info.getIdentities()).anySatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("gateway");
            assertThat(i.getType()).isEqualTo("pstn");
            assertThat(i.getName()).isEqualTo("Telephone gateway");
        });
        assertThat(info.containsFeature("jabber:iq:gateway")).isTrue();
        dave.connection().disconnect();
    }

    @Test
    void theServerAnswersTheExternalServicesQuestionOfJingleClientsWithAnEmptyList() throws Exception {
        // XEP-0215 §3.1: Conversations asks before a call; no STUN/TURN is configured, the relay is reachable as is
        User erin = user();
        assertThat(ServiceDiscoveryManager.getInstanceFor(erin.connection()).serverSupportsFeature(
                "urn:xmpp:extdisco:2")).isTrue();
        IQ services = new IQ("services", "urn:xmpp:extdisco:2") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
                xml.setEmptyElement();
                return xml;
            }
        };
        services.setTo(JidCreate.domainBareFrom("chat.test"));

        IQ answer = erin.connection().sendIqRequestAndWaitForResponse(services);

        assertThat(answer.getType()).isEqualTo(IQ.Type.result);
        assertThat(answer.toXML().toString()).contains("services").contains("urn:xmpp:extdisco:2")
                .doesNotContain("<service ");
        erin.connection().disconnect();
    }

    @Test
    void badJingleGetsItsErrorAndLeavesNoSessionPortOrCall() throws Exception {
        User gus = user();
        XMPPTCPConnection c = gus.connection();
        BlockingQueue<String> terminates = new LinkedBlockingQueue<>();
        // Smack answers IQ requests nobody handles with an error and shows them to no listener: take Jingle sets
        c.registerIQRequestHandler(new org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler("jingle",
                "urn:xmpp:jingle:1", IQ.Type.set, org.jivesoftware.smack.iqrequest.IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ request) {
                terminates.add(request.toXML().toString());
                return IQ.createResultIQ(request);
            }
        });
        String number = "+33139635511@phone.chat.test/phone";

        // XEP-0166 §8: a jingle without sid, an action nobody defined, an action for a session nobody knows
        assertThat(jingleError(c, number, "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'/>"))
                .isEqualTo(StanzaError.Condition.bad_request);
        assertThat(jingleError(c, number, "<jingle xmlns='urn:xmpp:jingle:1' action='session-explode' sid='b1'/>"))
                .isEqualTo(StanzaError.Condition.bad_request);
        XMPPErrorException unknown = assertThrowsJingle(c, number,
                "<jingle xmlns='urn:xmpp:jingle:1' action='session-accept' sid='nope'/>");
        assertThat(unknown.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
        assertThat(unknown.getStanzaError().toXML().toString()).contains("unknown-session");

        // a session-initiate that parses but cannot be bridged is acknowledged, then terminated with its reason
        IQ ack = c.sendIqRequestAndWaitForResponse(jingle(number, "<jingle xmlns='urn:xmpp:jingle:1' "
                + "action='session-initiate' sid='b2' initiator='" + c.getUser() + "'><content creator='initiator' "
                + "name='a'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'><payload-type id='0' "
                + "name='PCMU' clockrate='8000'/></description></content></jingle>"));
        assertThat(ack.getType()).isEqualTo(IQ.Type.result);
        String terminate = terminates.poll(10, TimeUnit.SECONDS);
        assertThat(terminate).as("session-terminate for b2").contains("b2").contains("unsupported-transports");

        // a user of another domain may not call through this domain's gateway (no open relay)
        XMPPTCPConnection alice = clients.login(clients.starttls("example.org", "alice", "alice-secret")
                .setResource("remote"));
        assertThat(jingleError(alice, number, "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' "
                + "sid='b3'/>")).isEqualTo(StanzaError.Condition.forbidden);
        alice.disconnect();

        assertThat(SERVER.bean(org.parloir.bridge.xmpp.PhoneService.class).activeSessions()).isZero();
        assertThat(SERVER.bean(org.parloir.bridge.media.MediaRelay.class).openCount()).isZero();
        assertThat(SERVER.bean(org.parloir.sip.b2bua.B2bua.class).activeCalls()).isZero();
        c.disconnect();
    }

    private static StanzaError.Condition jingleError(XMPPTCPConnection c, String to, String xml) throws Exception {
        return assertThrowsJingle(c, to, xml).getStanzaError().getCondition();
    }

    private static XMPPErrorException assertThrowsJingle(XMPPTCPConnection c, String to, String xml)
            throws Exception {
        try {
            IQ answer = c.sendIqRequestAndWaitForResponse(jingle(to, xml));
            throw new AssertionError("no error for " + xml + ": " + answer.toXML());
        } catch (XMPPErrorException e) {
            return e;
        }
    }

    /**
     * An IQ set carrying {@code xml}, a {@code <jingle xmlns='urn:xmpp:jingle:1' …>} element, as it is: its
     * attributes and content are written raw (Smack has no Jingle provider here).
     */
    private static IQ jingle(String to, String xml) throws Exception {
        String head = "<jingle xmlns='urn:xmpp:jingle:1'";
        if (!xml.startsWith(head)) {
            throw new IllegalArgumentException(xml);
        }
        String rest = xml.substring(head.length());
        boolean empty = rest.endsWith("/>");
        String attributes = empty ? rest.substring(0, rest.length() - 2) : rest.substring(0, rest.indexOf('>'));
        String content = empty ? "" : rest.substring(rest.indexOf('>') + 1, rest.length() - "</jingle>".length());
        IQ iq = new IQ("jingle", "urn:xmpp:jingle:1") {
            @Override
            protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder b) {
                b.append(attributes);
                if (content.isEmpty()) {
                    b.setEmptyElement();
                } else {
                    b.rightAngleBracket();
                    b.append(content);
                }
                return b;
            }
        };
        iq.setType(IQ.Type.set);
        iq.setTo(JidCreate.from(to));
        return iq;
    }

    @Test
    void theGatewayPromptTurnsADialledNumberIntoItsJid() throws Exception {
        User erin = user();
        var service = JidCreate.domainBareFrom("phone.chat.test");

        IQ answer = erin.connection().sendIqRequestAndWaitForResponse(GatewayQuery.set(service, "01 39 63 55 11"));
        assertThat(content(answer)).contains("<jid>+33139635511@phone.chat.test</jid>");

        assertThatThrownBy(() -> erin.connection().sendIqRequestAndWaitForResponse(
                GatewayQuery.set(service, "call me maybe"))).isInstanceOfSatisfying(XMPPErrorException.class,
                e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable));
        IQ prompt = erin.connection().sendIqRequestAndWaitForResponse(GatewayQuery.get(service));
        assertThat(content(prompt)).contains("<prompt>Telephone number</prompt>");
        erin.connection().disconnect();
    }

    @Test
    void aTextMessageToANumberBouncesAndRemovingTheContactEndsBothSubscriptions() throws Exception {
        User frank = user();
        BareJid number = JidCreate.bareFrom("+33139635512@phone.chat.test");
        Roster roster = Roster.getInstanceFor(frank.connection());
        subscribeBothWays(roster, number);
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        frank.connection().addAsyncStanzaListener(s -> errors.add((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.error);

        frank.connection().sendStanza(MessageBuilder.buildMessage().to(number).ofType(Message.Type.chat)
                .setBody("hello?").build());
        Message bounce = errors.poll(10, TimeUnit.SECONDS);
        assertThat(bounce).isNotNull();
        assertThat(bounce.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);

        RosterEntry entry = roster.getEntry(number);
        roster.removeEntry(entry);
        await().atMost(Duration.ofSeconds(10)).until(() -> roster.getEntry(number) == null
                && !roster.getPresence(number).isAvailable());
        frank.connection().disconnect();
    }

    /** Adds the number, asks for its presence and waits for the mutual subscription the gateway completes. */
    private static void subscribeBothWays(Roster roster, BareJid number) throws Exception {
        roster.createItemAndRequestSubscription(number, "INRIA", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> roster.getEntry(number) != null
                && roster.getEntry(number).getType() == ItemType.both);
    }

    private static BlockingQueue<Presence> presenceFrom(XMPPTCPConnection c, BareJid from) {
        BlockingQueue<Presence> queue = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> queue.add((Presence) s),
                s -> s instanceof Presence p && p.getFrom() != null && p.getFrom().asBareJid().equals(from));
        return queue;
    }

    /** The child element as the server sent it (Smack keeps IQs it has no provider for unparsed). */
    private static String content(IQ iq) {
        assertThat(iq).isInstanceOf(UnparsedIQ.class);
        return ((UnparsedIQ) iq).getContent().toString();
    }

    /** XEP-0100 §6.3 jabber:iq:gateway, which Smack has no class for. */
    static final class GatewayQuery extends IQ {

        private final String prompt;

        private GatewayQuery(Type type, org.jxmpp.jid.Jid to, String prompt) {
            super("query", "jabber:iq:gateway");
            setType(type);
            setTo(to);
            this.prompt = prompt;
        }

        static GatewayQuery get(org.jxmpp.jid.Jid to) {
            return new GatewayQuery(Type.get, to, null);
        }

        static GatewayQuery set(org.jxmpp.jid.Jid to, String prompt) {
            return new GatewayQuery(Type.set, to, prompt);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.rightAngleBracket();
            xml.optElement("prompt", prompt);
            return xml;
        }
    }
}

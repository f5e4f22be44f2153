package org.parloir.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.media.dtls.SetupRole;
import org.parloir.bridge.call.MediaPath;
import org.parloir.bridge.sdp.AudioSession;
import org.parloir.bridge.sdp.Sdp;
import org.parloir.core.E164;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.xmpp.net.XmlParsing;
import org.parloir.xmpp.stanza.Element;

/**
 * The telephone gateway's Jingle and XEP-0353 signalling on stanzas as Chromium's offer (converted to Jingle)
 * produces them, with the SIP call path and the media relay replaced by recorders: what goes to the client, what is
 * asked of the SIP side and the relay, and that nothing is left behind. The same paths run end to end against a
 * browser and a SIP gateway in the integration tests.
 */
class PhoneCallsTest {

    private static final String ALICE = "alice@chat.test/browser";
    private static final String NUMBER = "+33139635511@phone.chat.test";

    private final List<Element> sent = new ArrayList<>();
    private final List<BridgedCalls.BridgedCallRequest> dialled = new ArrayList<>();
    private final List<BridgedCalls.CallParty> parties = new ArrayList<>();
    private final List<String> hungUp = new ArrayList<>();
    private final List<String> holds = new ArrayList<>();
    private final List<RecordingMedia> media = new ArrayList<>();
    private PhoneService phone;

    @BeforeEach
    void setUp() {
        BridgedCalls calls = (request, party) -> {
            dialled.add(request);
            parties.add(party);
            String id = "call-" + dialled.size();
            return new BridgedCalls.BridgedCall() {
                @Override
                public String callId() {
                    return id;
                }

                @Override
                public void hangUp() {
                    hungUp.add(id);
                }

                @Override
                public void hold(boolean held) {
                    holds.add(id + (held ? " hold" : " unhold"));
                }
            };
        };
        MediaPath.Factory relay = (label, failed) -> {
            RecordingMedia m = new RecordingMedia(failed);
            media.add(m);
            return m;
        };
        phone = new PhoneService("phone", "Telephone gateway", (dialledNumber, domain) -> dialledNumber.startsWith(
                "+33") ? Optional.of(new E164(dialledNumber)) : Optional.empty(), calls, relay, 1, null, "chat.test"::equals);
    }

    @Test
    void aBrowserCallsANumberAndHangsUp() throws IOException {
        receive(initiate(ALICE, NUMBER + "/phone", "i1"));

        assertThat(sent.removeFirst().attribute("type")).as("§6.2 the initiate is acknowledged").isEqualTo("result");
        RecordingMedia m = media.getFirst();
        assertThat(m.secure).containsExactly("8hhy", "asd88fgpdd777uzjYhagZg", "sha-256",
                "02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2",
                SetupRole.ACTIVE);
        BridgedCalls.BridgedCallRequest call = dialled.getFirst();
        assertThat(call.caller()).isEqualTo("alice@chat.test");
        assertThat(call.device()).isEqualTo(ALICE);
        assertThat(call.dialled()).isEqualTo("+33139635511");
        AudioSession offer = Sdp.audio(call.offer());
        assertThat(offer.address()).isEqualTo("127.0.0.1");
        assertThat(offer.port()).isEqualTo(40002);
        assertThat(offer.payloadTypes()).extracting(t -> t.id() + " " + t.name())
                .containsExactly("0 PCMU", "8 PCMA", "126 telephone-event");

        parties.getFirst().ringing();
        Element ringing = sent.removeFirst();
        assertThat(ringing.attribute("from")).isEqualTo(NUMBER + "/phone");
        assertThat(ringing.attribute("to")).isEqualTo(ALICE);
        assertThat(jingle(ringing).attribute("action")).isEqualTo("session-info");
        assertThat(jingle(ringing).child("ringing", JingleNs.RTP_INFO)).isNotNull();

        parties.getFirst().answered(("v=0\r\no=gw 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
                + "m=audio 30000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(m.plain).isEqualTo(new InetSocketAddress("192.0.2.9", 30000));
        assertThat(m.mapping).isEqualTo(Map.of(8, 8, 126, 101));
        Element accept = jingle(sent.removeFirst());
        assertThat(accept.attribute("action")).isEqualTo("session-accept");
        assertThat(accept.attribute("responder")).isEqualTo(NUMBER + "/phone");
        assertThat(accept.child("group", JingleNs.GROUPING).attribute("semantics")).as("BUNDLE answered")
                .isEqualTo("BUNDLE");
        Element content = accept.child("content", JingleNs.JINGLE);
        assertThat(content.attribute("name")).isEqualTo("0");
        assertThat(content.child("description", JingleNs.RTP).elements()).filteredOn(e -> e.is("payload-type",
                JingleNs.RTP)).extracting(e -> e.attribute("id")).containsExactly("8", "126");
        Element transport = content.child("transport", JingleNs.ICE_UDP);
        assertThat(transport.attribute("ufrag")).isEqualTo("ourufrag");
        assertThat(transport.child("fingerprint", JingleNs.DTLS).attribute("setup")).isEqualTo("active");
        assertThat(transport.child("candidate", JingleNs.ICE_UDP).attribute("port")).isEqualTo("40000");

        parties.getFirst().updated(("v=0\r\no=gw 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
                + "m=audio 31000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(m.plain).as("the gateway moved its media").isEqualTo(new InetSocketAddress("192.0.2.10", 31000));
        assertThat(sent).as("nothing to tell the client").isEmpty();

        // RFC 3264 §8.4 both ways: the gateway's hold (old style, 0.0.0.0) is a session-info, and moves nothing
        parties.getFirst().updated(("v=0\r\no=gw 1 3 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                + "m=audio 31000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(m.plain).isEqualTo(new InetSocketAddress("192.0.2.10", 31000));
        assertThat(jingle(sent.removeFirst()).child("hold", JingleNs.RTP_INFO)).isNotNull();
        receive(XmlParsing.parse("<iq type='set' id='h1' from='" + ALICE + "' to='" + NUMBER + "/phone'>"
                + "<jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='" + accept.attribute("sid") + "'>"
                + "<hold xmlns='urn:xmpp:jingle:apps:rtp:info:1'/></jingle></iq>", "jabber:client"));
        assertThat(sent.removeFirst().attribute("type")).isEqualTo("result");
        assertThat(holds).as("the client's hold goes to the SIP side").containsExactly("call-1 hold");

        receive(terminate(ALICE, NUMBER + "/phone", "i2", "success"));
        assertThat(sent.removeFirst().attribute("type")).isEqualTo("result");
        assertThat(hungUp).containsExactly("call-1");
        assertThat(m.closed).isTrue();
        assertThat(phone.activeSessions()).isZero();
        assertThat(sent).isEmpty();
    }

    @Test
    void aBusyNumberEndsTheSessionWithBusyAndFreesTheMedia() throws IOException {
        receive(initiate(ALICE, NUMBER + "/phone", "i1"));
        sent.clear();

        parties.getFirst().refused(486);

        Element terminate = jingle(sent.removeFirst());
        assertThat(terminate.attribute("action")).isEqualTo("session-terminate");
        assertThat(terminate.child("reason", JingleNs.JINGLE).child("busy", JingleNs.JINGLE)).isNotNull();
        assertThat(media.getFirst().closed).isTrue();
        assertThat(phone.activeSessions()).isZero();
        assertThat(hungUp).as("the SIP side ended it itself").isEmpty();
    }

    @Test
    void aRefusalOfTheServerItselfTellsTheClientWhy() throws IOException {
        receive(initiate(ALICE, NUMBER + "/phone", "i1"));
        sent.clear();

        parties.getFirst().refused(403, "Number not allowed");

        Element reason = jingle(sent.removeFirst()).child("reason", JingleNs.JINGLE);
        assertThat(reason.child("security-error", JingleNs.JINGLE)).isNotNull();
        assertThat(reason.childText("text", JingleNs.JINGLE)).isEqualTo("Number not allowed (SIP 403)");
    }

    @Test
    void mediaThatFailsHangsTheSipSideUp() throws IOException {
        receive(initiate(ALICE, NUMBER + "/phone", "i1"));
        sent.clear();

        media.getFirst().failed.accept("connectivity-error", "no valid ICE connectivity check");

        assertThat(jingle(sent.removeFirst()).child("reason", JingleNs.JINGLE).child("connectivity-error",
                JingleNs.JINGLE)).isNotNull();
        assertThat(hungUp).containsExactly("call-1");
        assertThat(phone.activeSessions()).isZero();
    }

    @Test
    void anOfferWithoutFingerprintIsASecurityErrorAndDialsNothing() throws IOException {
        Element iq = initiate(ALICE, NUMBER + "/phone", "i1");
        receive(XmlParsing.parse(iq.toXml().replaceAll("<fingerprint[^>]*>[^<]*</fingerprint>", ""),
                "jabber:client"));

        assertThat(sent.removeFirst().attribute("type")).isEqualTo("result");
        assertThat(jingle(sent.removeFirst()).child("reason", JingleNs.JINGLE).child("security-error",
                JingleNs.JINGLE)).isNotNull();
        assertThat(dialled).isEmpty();
        assertThat(media).isEmpty();
    }

    @Test
    void onlyUsersOfTheDomainMayCallAndOnlyUpToTheirLimit() throws IOException {
        receive(initiate("mallory@elsewhere.example/x", NUMBER + "/phone", "i1"));
        assertThat(error(sent.removeFirst())).isEqualTo("forbidden");

        receive(initiate(ALICE, NUMBER + "/phone", "i2"));
        sent.clear();
        Element second = initiate("alice@chat.test/phone2", NUMBER + "/phone", "i3");
        receive(XmlParsing.parse(second.toXml().replace("a73sjjvkla37jfea", "other-sid"), "jabber:client"));
        assertThat(sent.removeFirst().attribute("type")).isEqualTo("result");
        assertThat(jingle(sent.removeFirst()).child("reason", JingleNs.JINGLE).child("general-error",
                JingleNs.JINGLE)).as("over the limit of one call").isNotNull();
        assertThat(dialled).hasSize(1);
    }

    @Test
    void malformedJingleAndUnknownSessionsGetTheirErrors() throws IOException {
        receive(XmlParsing.parse("<iq type='set' id='b1' from='" + ALICE + "' to='" + NUMBER + "/phone'>"
                + "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'/></iq>", "jabber:client"));
        assertThat(error(sent.removeFirst())).isEqualTo("bad-request");

        receive(terminate(ALICE, NUMBER + "/phone", "t1", "success"));
        Element unknown = sent.removeFirst();
        assertThat(error(unknown)).isEqualTo("item-not-found");
        assertThat(unknown.child("error", "jabber:client").child("unknown-session", JingleNs.ERRORS)).isNotNull();
    }

    @Test
    void aProposalIsTakenAtOnceFromTheNumbersResource() {
        receive(XmlParsing.parse("<message type='chat' from='" + ALICE + "' to='" + NUMBER + "'>"
                + "<propose xmlns='urn:xmpp:jingle-message:0' id='p1'>"
                + "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose></message>",
                "jabber:client"));

        assertThat(sent).extracting(m -> m.elements().getFirst().name()).containsExactly("ringing", "proceed");
        assertThat(sent).allSatisfy(m -> {
            assertThat(m.attribute("from")).isEqualTo(NUMBER + "/phone");
            assertThat(m.attribute("to")).isEqualTo(ALICE);
            assertThat(m.elements().getFirst().attribute("id")).isEqualTo("p1");
        });
    }

    @Test
    void aProposalFromElsewhereOrToNoNumberIsRejected() {
        receive(XmlParsing.parse("<message from='mallory@elsewhere.example/x' to='" + NUMBER + "'>"
                + "<propose xmlns='urn:xmpp:jingle-message:0' id='p1'>"
                + "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose></message>",
                "jabber:client"));
        receive(XmlParsing.parse("<message from='" + ALICE + "' to='12@phone.chat.test'>"
                + "<propose xmlns='urn:xmpp:jingle-message:0' id='p2'>"
                + "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/></propose></message>",
                "jabber:client"));

        assertThat(sent).extracting(m -> m.elements().getFirst().name() + " "
                + m.elements().getFirst().child("reason", JingleNs.JINGLE).elements().getFirst().name())
                .containsExactly("reject security-error", "reject gone");
    }

    @Test
    void aPersonsSipAddressOfOurDomainsIsCalledAndAnotherDomainsIsNotACallee() throws IOException {
        String bob = "bob\\40chat.test@phone.chat.test";
        receive(XmlParsing.parse("<presence type='subscribe' from='" + ALICE + "' to='" + bob + "'/>", "jabber:client"));
        assertThat(sent).extracting(p -> p.attribute("type")).as("subscribed, present, and asking back")
                .containsExactly("subscribed", null, "subscribe");
        assertThat(sent.get(1).attribute("from")).isEqualTo(bob + "/phone");
        sent.clear();

        receive(initiate(ALICE, bob + "/phone", "i1"));
        assertThat(sent.removeFirst().attribute("type")).isEqualTo("result");
        assertThat(dialled.getFirst().dialled()).as("the SIP address, unescaped (XEP-0106)")
                .isEqualTo("bob@chat.test");

        String eve = "eve\\40elsewhere.example@phone.chat.test";
        receive(XmlParsing.parse("<presence type='subscribe' from='" + ALICE + "' to='" + eve + "'/>", "jabber:client"));
        assertThat(sent.removeFirst().attribute("type")).as("no such contact: no federation yet")
                .isEqualTo("unsubscribed");
        receive(initiate("carol@chat.test/x", eve + "/phone", "i2"));
        assertThat(error(sent.removeFirst())).isEqualTo("item-not-found");
        assertThat(dialled).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    private void receive(Element stanza) {
        phone.receive(stanza, sent::add);
    }

    private static Element jingle(Element iq) {
        return iq.child("jingle", JingleNs.JINGLE);
    }

    private static String error(Element stanza) {
        assertThat(stanza.attribute("type")).isEqualTo("error");
        return stanza.child("error", "jabber:client").elements().getFirst().name();
    }

    private static Element initiate(String from, String to, String id) throws IOException {
        try (InputStream in = PhoneCallsTest.class.getResourceAsStream(
                "/vectors/jingle/chromium-session-initiate.xml")) {
            String jingle = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("alice@chat.test/browser",
                    from);
            return XmlParsing.parse("<iq type='set' id='" + id + "' from='" + from + "' to='" + to + "'>" + jingle
                    + "</iq>", "jabber:client");
        }
    }

    private static Element terminate(String from, String to, String id, String reason) {
        return XmlParsing.parse("<iq type='set' id='" + id + "' from='" + from + "' to='" + to + "'>"
                + "<jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='a73sjjvkla37jfea'>"
                + "<reason><" + reason + "/></reason></jingle></iq>", "jabber:client");
    }

    /** Records what the signalling asks of the relay. */
    private static final class RecordingMedia implements MediaPath {

        final BiConsumer<String, String> failed;
        List<Object> secure;
        InetSocketAddress plain;
        Map<Integer, Integer> mapping;
        boolean closed;

        RecordingMedia(BiConsumer<String, String> failed) {
            this.failed = failed;
        }

        @Override
        public SecureLocal secureLocal() {
            return new SecureLocal("ourufrag", "ourpassword0123456789ab", new InetSocketAddress("127.0.0.1", 40000),
                    "sha-256", "AA:BB");
        }

        @Override
        public InetSocketAddress plainLocal() {
            return new InetSocketAddress("127.0.0.1", 40002);
        }

        @Override
        public void startSecure(String ufrag, String pwd, String hash, String fingerprint, SetupRole role) {
            secure = List.of(ufrag, pwd, hash, fingerprint, role);
        }

        @Override
        public void startPlain(InetSocketAddress remote, Map<Integer, Integer> jingleToSip) {
            plain = remote;
            mapping = jingleToSip;
        }

        @Override
        public void updatePlain(InetSocketAddress remote, Map<Integer, Integer> jingleToSip) {
            plain = remote;
            mapping = jingleToSip;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

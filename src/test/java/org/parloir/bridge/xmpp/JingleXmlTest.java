package org.parloir.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parloir.bridge.jingle.IceUdpTransport;
import org.parloir.bridge.jingle.Jingle;
import org.parloir.bridge.jingle.JingleAction;
import org.parloir.bridge.jingle.RtpDescription;
import org.parloir.xmpp.net.XmlParsing;
import org.parloir.xmpp.stanza.Element;

class JingleXmlTest {

    @Test
    void readsWhatChromiumOffersThroughSdpToJingle() throws IOException {
        Jingle j = JingleXml.parse(vector("chromium-session-initiate.xml"));

        assertThat(j.action()).isEqualTo(JingleAction.SESSION_INITIATE);
        assertThat(j.sid()).isEqualTo("a73sjjvkla37jfea");
        assertThat(j.initiator()).isEqualTo("alice@chat.test/browser");
        assertThat(j.group().semantics()).isEqualTo("BUNDLE");
        assertThat(j.group().contents()).containsExactly("0");
        Jingle.Content content = j.contents().getFirst();
        RtpDescription d = content.description();
        assertThat(d.media()).isEqualTo("audio");
        assertThat(d.rtcpMux()).isTrue();
        assertThat(d.payloadTypes()).extracting(RtpDescription.PayloadType::name)
                .containsExactly("opus", "PCMU", "PCMA", "telephone-event");
        RtpDescription.PayloadType opus = d.payloadTypes().getFirst();
        assertThat(opus.clockrate()).isEqualTo(48000);
        assertThat(opus.channels()).isEqualTo(2);
        assertThat(opus.parameters()).containsEntry("useinbandfec", "1");
        assertThat(opus.feedback()).extracting(RtpDescription.Feedback::type).containsExactly("transport-cc");
        assertThat(d.payloadTypes().get(3).parameters()).containsEntry("events", "0-16");
        assertThat(d.sources().getFirst().ssrc()).isEqualTo(3735928559L);
        assertThat(d.extensions().getFirst().uri()).isEqualTo("urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        IceUdpTransport t = content.transport();
        assertThat(t.ufrag()).isEqualTo("8hhy");
        assertThat(t.pwd()).isEqualTo("asd88fgpdd777uzjYhagZg");
        assertThat(t.fingerprint().hash()).isEqualTo("sha-256");
        assertThat(t.fingerprint().setup()).isEqualTo("actpass");
        assertThat(t.fingerprint().value()).startsWith("02:1A:CC");
        assertThat(t.candidates()).hasSize(2);
        IceUdpTransport.Candidate srflx = t.candidates().get(1);
        assertThat(srflx.type()).isEqualTo("srflx");
        assertThat(srflx.priority()).isEqualTo(1694498815L);
        assertThat(srflx.relAddr()).isEqualTo("10.0.1.1");
        assertThat(srflx.relPort()).isEqualTo(8998);
    }

    @Test
    void whatItWritesItReadsBackTheSame() throws IOException {
        Jingle j = JingleXml.parse(vector("chromium-session-initiate.xml"));

        Jingle again = JingleXml.parse(JingleXml.write(j));

        // feedback and header extensions are read, never answered: the writer leaves them out
        assertThat(again.contents().getFirst().transport()).isEqualTo(j.contents().getFirst().transport());
        assertThat(again.contents().getFirst().description().payloadTypes())
                .extracting(RtpDescription.PayloadType::name, RtpDescription.PayloadType::id)
                .isEqualTo(j.contents().getFirst().description().payloadTypes().stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.name(), p.id())).toList());
        assertThat(again.group()).isEqualTo(j.group());
        assertThat(again.sid()).isEqualTo(j.sid());
    }

    @Test
    void readsATerminateWithItsReasonAndARingingSessionInfo() {
        Jingle end = JingleXml.parse(parse("<jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='s1'>"
                + "<reason><busy/><text>on the phone</text></reason></jingle>"));
        Jingle ringing = JingleXml.parse(parse("<jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='s1'>"
                + "<ringing xmlns='urn:xmpp:jingle:apps:rtp:info:1'/></jingle>"));

        assertThat(end.reason()).isEqualTo(new Jingle.Reason("busy", "on the phone"));
        assertThat(ringing.info()).isEqualTo("ringing");
        assertThat(JingleXml.parse(JingleXml.write(end))).isEqualTo(end);
        assertThat(JingleXml.parse(JingleXml.write(ringing))).isEqualTo(ringing);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'/>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-dance' sid='s'/>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='s'><reason/></jingle>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'><content creator='initiator'/>"
                    + "</jingle>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'><content creator='me' name='a'/>"
                    + "</jingle>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'><content name='a'>"
                    + "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'><payload-type id='200'"
                    + " name='x'/></description></content></jingle>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'><content name='a'>"
                    + "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'><payload-type id='96'/>"
                    + "</description></content></jingle>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='transport-info' sid='s'><content name='a'>"
                    + "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'><candidate component='1'"
                    + " foundation='1' ip='127.0.0.1' protocol='udp' priority='1'/></transport></content></jingle>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='transport-info' sid='s'><content name='a'>"
                    + "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'><candidate component='1'"
                    + " foundation='1' ip='127.0.0.1' port='99999' protocol='udp' priority='1'/></transport>"
                    + "</content></jingle>",
            "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'><content name='a'>"
                    + "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'><fingerprint"
                    + " xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='both'>AA</fingerprint>"
                    + "</transport></content></jingle>",
    })
    void malformedJingleIsAFormatErrorNeverAnotherException(String xml) {
        assertThatThrownBy(() -> JingleXml.parse(parse(xml))).isInstanceOf(JingleFormatException.class);
    }

    private static Element vector(String name) throws IOException {
        try (InputStream in = JingleXmlTest.class.getResourceAsStream("/vectors/jingle/" + name)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Element parse(String xml) {
        return XmlParsing.parse(xml, "jabber:client");
    }
}

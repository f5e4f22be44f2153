package org.parloir.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parloir.xmpp.stanza.EntityCaps.Identity;

class EntityCapsTest {

    @Test
    void verIsTheXep0115SimpleExample() {
        // XEP-0115 §5.2: S = client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<...muc<
        EntityCaps caps = new EntityCaps("http://code.google.com/p/exodus",
                List.of(new Identity("client", "pc", null, "Exodus 0.9.1")),
                List.of("http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items",
                        "http://jabber.org/protocol/muc", "http://jabber.org/protocol/caps"));

        assertThat(caps.ver()).isEqualTo("QgayPKawpkPSDYmwT/WM94uAlu0=");
        assertThat(caps.capsNode()).isEqualTo("http://code.google.com/p/exodus#QgayPKawpkPSDYmwT/WM94uAlu0=");
    }

    @Test
    void verIsTheXep0115ComplexExampleWithLanguagesAndAnExtendedForm() {
        // XEP-0115 §5.3, read from the disco#info result as a client sends it
        String xml = "<query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>"
                + "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
                + "<identity xml:lang='el' category='client' name='\u03a8 0.11' type='pc'/>"
                + "<feature var='http://jabber.org/protocol/caps'/>"
                + "<feature var='http://jabber.org/protocol/disco#info'/>"
                + "<feature var='http://jabber.org/protocol/disco#items'/>"
                + "<feature var='http://jabber.org/protocol/muc'/>"
                + "<x xmlns='jabber:x:data' type='result'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
                + "<field var='ip_version'><value>ipv4</value><value>ipv6</value></field>"
                + "<field var='os'><value>Mac</value></field>"
                + "<field var='os_version'><value>10.5.1</value></field>"
                + "<field var='software'><value>Psi</value></field>"
                + "<field var='software_version'><value>0.11</value></field>"
                + "</x></query>";

        EntityCaps caps = EntityCaps.fromDiscoInfo("http://psi-im.org",
                org.parloir.xmpp.net.XmlParsing.parse(xml, "jabber:client"));

        assertThat(caps.forms()).hasSize(1);
        assertThat(caps.ver()).isEqualTo("q07IKJEyjvHSyhy//CH0CxmKi8w=");
    }

    @Test
    void identitiesAndFeaturesAreHashedInSortedOrderWhateverOrderTheyAreGiven() {
        Identity pc = new Identity("client", "pc", "en", "Psi");
        Identity bot = new Identity("automation", "bot", null, "Bot");
        EntityCaps one = new EntityCaps("n", List.of(pc, bot), List.of("b", "a"));
        EntityCaps other = new EntityCaps("n", List.of(bot, pc), List.of("a", "b", "a"));

        assertThat(one.ver()).isEqualTo(other.ver());
        assertThat(one.features()).containsExactly("a", "b");
        assertThat(one.presenceElement().toXml()).isEqualTo(
                "<c xmlns=\"http://jabber.org/protocol/caps\" hash=\"sha-1\" node=\"n\" ver=\"" + one.ver() + "\"/>");
    }
}

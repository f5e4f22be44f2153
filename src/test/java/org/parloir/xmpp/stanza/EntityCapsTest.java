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

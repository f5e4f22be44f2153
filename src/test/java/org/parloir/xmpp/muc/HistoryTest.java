package org.parloir.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;

/** XEP-0045 §7.2.14 history: bounded, limited by the join's request, stamped with a delay from the room. */
class HistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    private static Element message(String body) {
        return Element.builder("message", Namespaces.CLIENT).attribute("type", "groupchat")
                .attribute("from", "r@conference.example.org/n")
                .child(Element.builder("body", Namespaces.CLIENT).text(body).build()).build();
    }

    private static List<String> bodies(List<Element> messages) {
        return messages.stream().map(m -> m.childText("body", Namespaces.CLIENT)).toList();
    }

    private static History filled() {
        History h = new History(3);
        for (int i = 1; i <= 4; i++) {
            h.add(message("m" + i), T0.plusSeconds(i * 60L));
        }
        return h;
    }

    @Test
    void keepsTheLastMessagesOldestFirstWithADelay() {
        List<Element> replay = filled().replay(null, "r@conference.example.org", T0.plusSeconds(600));
        assertThat(bodies(replay)).containsExactly("m2", "m3", "m4");
        Element delay = replay.get(0).child("delay", Namespaces.DELAY);
        assertThat(delay.attribute("from")).isEqualTo("r@conference.example.org");
        assertThat(delay.attribute("stamp")).isEqualTo("2026-11-24T00:02:00Z");
    }

    @Test
    void theJoinRequestLimitsIt() {
        History h = filled();
        Instant now = T0.plusSeconds(600);
        assertThat(bodies(h.replay(limit("maxstanzas", "2"), "r", now))).containsExactly("m3", "m4");
        assertThat(h.replay(limit("maxchars", "0"), "r", now)).isEmpty();
        assertThat(bodies(h.replay(limit("seconds", "400"), "r", now))).containsExactly("m4");
        assertThat(bodies(h.replay(limit("since", "2026-11-24T00:03:00Z"), "r", now))).containsExactly("m3", "m4");
        assertThat(new History(0).replay(null, "r", now)).isEmpty();
    }

    private static Element limit(String attribute, String value) {
        return Element.builder("history", Namespaces.MUC).attribute(attribute, value).build();
    }
}

package org.parloir.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.parloir.core.E164;

class IncomingCallsTest {

    private final IncomingCalls calls = new IncomingCalls(() -> null, () -> null, (label, failed) -> null,
            (dialled, domain) -> dialled.startsWith("+33") ? Optional.of(new E164(dialled))
                    : dialled.startsWith("01") ? Optional.of(new E164("+33" + dialled.substring(1)))
                    : Optional.empty(), "phone");

    @Test
    void aCallingNumberIsItsJidOnTheGatewaySoTheCallCanBeReturned() {
        assertThat(calls.callerJid("sip:+33139635511@gw.example.net;user=phone", "example.org"))
                .isEqualTo("+33139635511@phone.example.org");
        assertThat(calls.callerJid("sip:0139635511@gw.example.net", "example.org"))
                .isEqualTo("+33139635511@phone.example.org");
        assertThat(calls.callerJid("tel:+33139635511", "example.org")).isEqualTo("+33139635511@phone.example.org");
    }

    @Test
    void aSipAddressIsEscapedIntoTheLocalpart() {
        // XEP-0106 §4.2: '@' is \40, and the address is compared case-insensitively
        assertThat(calls.callerJid("sip:Carol@Example.org", "example.org"))
                .isEqualTo("carol\\40example.org@phone.example.org");
        assertThat(IncomingCalls.escape("a b/c:d<e>f&g'h\"i\\j")).isEqualTo(
                "a\\20b\\2fc\\3ad\\3ce\\3ef\\26g\\27h\\22i\\5cj");
    }

    @Test
    void nobodyOnlineIsNotReachable() {
        assertThat(calls.reachable("alice@example.org")).isFalse();
    }
}

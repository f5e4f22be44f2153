package org.parloir.xmpp.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parloir.xmpp.XmppProperties.ExternalService;

class ExternalServicesTest {

    @Test
    void noneConfiguredIsAnEmptyList() {
        assertThat(BasicHandlers.services(List.of()).toXml())
                .isEqualTo("<services xmlns='urn:xmpp:extdisco:2'/>".replace('\'', '"'))
                .as("XEP-0215 §3.1: an empty list, not an error");
    }

    @Test
    void stunIsListedAsIsAndTurnWithItsCredentialsAsRestricted() {
        String xml = BasicHandlers.services(List.of(
                new ExternalService("stun", "stun.example.org", 3478, "udp", "", ""),
                new ExternalService("turn", "turn.example.org", 3478, "tcp", "u1", "p1"))).toXml();
        assertThat(xml).contains("<service type=\"stun\" host=\"stun.example.org\" port=\"3478\" transport=\"udp\"/>")
                .contains("<service type=\"turn\" host=\"turn.example.org\" port=\"3478\" transport=\"tcp\" "
                        + "restricted=\"1\" username=\"u1\" password=\"p1\"/>");
        assertThat(xml.indexOf("stun.example.org")).isLessThan(xml.indexOf("turn.example.org"));
    }
}

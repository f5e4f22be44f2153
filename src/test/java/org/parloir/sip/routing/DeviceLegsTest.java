package org.parloir.sip.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceLegsTest {

    private final DeviceLegs legs = new DeviceLegs("sip:127.0.0.1:5060;transport=udp;lr");

    @Test
    void aTokenHoldsForItsCallIdAndAddressOnly() {
        String token = legs.token("call-1", "alice@example.org");
        assertThat(token).as("a SIP URI parameter value: base64url, no padding").matches("[A-Za-z0-9_-]{22}");
        assertThat(legs.verify("call-1", "alice@example.org", token)).isTrue();
        assertThat(legs.verify("call-2", "alice@example.org", token)).as("another call").isFalse();
        assertThat(legs.verify("call-1", "bob@example.org", token)).as("another person").isFalse();
    }

    @Test
    void anotherServersTokensAndGarbageAreRefused() {
        String theirs = new DeviceLegs("sip:127.0.0.1:5060;lr").token("call-1", "alice@example.org");
        assertThat(legs.verify("call-1", "alice@example.org", theirs)).as("another key").isFalse();
        assertThat(legs.verify("call-1", "alice@example.org", "%%%")).isFalse();
        assertThat(legs.verify("call-1", "alice@example.org", "")).isFalse();
        assertThat(legs.verify("call-1", "alice@example.org", null)).isFalse();
    }
}

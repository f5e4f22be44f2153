package org.parloir.bridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payload type renumbering between the legs (RFC 3264 §6.1: each side's numbers), marker bit untouched. */
class PayloadTypesTest {

    @Test
    void mapsSecureToPlainAndTheInverseBackKeepingTheMarker() {
        PayloadTypes types = new PayloadTypes(Map.of(111, 96, 0, 0, 126, 101));
        byte[] opus = rtp(0x80 | 111);
        types.toPlain(opus);
        assertThat(opus[1] & 0xFF).as("marker kept, 111 -> 96").isEqualTo(0x80 | 96);
        types.toSecure(opus);
        assertThat(opus[1] & 0xFF).isEqualTo(0x80 | 111);
        byte[] dtmf = rtp(101);
        types.toSecure(dtmf);
        assertThat(dtmf[1]).as("telephone-event 101 -> 126").isEqualTo((byte) 126);
    }

    @Test
    void numbersTheMapDoesNotNameAreTheSameOnBothSides() {
        PayloadTypes types = new PayloadTypes(Map.of(111, 96));
        byte[] pcma = rtp(8);
        types.toPlain(pcma);
        assertThat(pcma[1]).isEqualTo((byte) 8);
        types.toSecure(pcma);
        assertThat(pcma[1]).isEqualTo((byte) 8);
    }

    @Test
    void refusesNumbersOutsideSevenBits() {
        assertThatThrownBy(() -> new PayloadTypes(Map.of(128, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PayloadTypes(Map.of(0, -1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] rtp(int secondByte) {
        byte[] p = new byte[12];
        p[0] = (byte) 0x80;
        p[1] = (byte) secondByte;
        return p;
    }
}

package org.parloir.bridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 7983 §7's first-byte ranges and RFC 5761 §4's RTP/RTCP split on the second byte. */
class PacketKindTest {

    @Test
    void theFirstByteRanges() {
        assertThat(kind(0x00, 0x01)).isEqualTo(PacketKind.STUN);
        assertThat(kind(0x03, 0)).isEqualTo(PacketKind.STUN);
        assertThat(kind(20, 0xFE)).as("DTLS change_cipher_spec").isEqualTo(PacketKind.DTLS);
        assertThat(kind(22, 0xFE)).as("DTLS handshake").isEqualTo(PacketKind.DTLS);
        assertThat(kind(63, 0)).isEqualTo(PacketKind.DTLS);
        assertThat(kind(0x80, 0)).as("RTP PCMU").isEqualTo(PacketKind.RTP);
        assertThat(kind(0x80, 0x80 | 111)).as("RTP opus with marker").isEqualTo(PacketKind.RTP);
        assertThat(kind(0x81, 200)).as("RTCP SR").isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 223)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 224)).as("marker + PT 96").isEqualTo(PacketKind.RTP);
    }

    @Test
    void whatIsNotOurs() {
        assertThat(kind(16, 0)).as("ZRTP").isEqualTo(PacketKind.OTHER);
        assertThat(kind(64, 0)).as("TURN channel").isEqualTo(PacketKind.OTHER);
        assertThat(kind(0xC0, 0)).as("RTP version 3").isEqualTo(PacketKind.OTHER);
        assertThat(PacketKind.of(new byte[0], 0)).isEqualTo(PacketKind.OTHER);
        assertThat(PacketKind.of(new byte[] {(byte) 0x80}, 1)).as("one byte").isEqualTo(PacketKind.OTHER);
    }

    private static PacketKind kind(int first, int second) {
        return PacketKind.of(new byte[] {(byte) first, (byte) second}, 2);
    }
}

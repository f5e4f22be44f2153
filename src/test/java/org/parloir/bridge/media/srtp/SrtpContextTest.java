package org.parloir.bridge.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Known answers: RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation), and the packet of libsrtp's
 * test driver (srtp_driver.c, the reference implementation's own vector for AES_CM_128_HMAC_SHA1_80 with the B.3
 * master key), then the behaviour §3.3 asks of a receiver: forged and replayed packets dropped, rollover followed.
 */
class SrtpContextTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] PLAIN = HEX.parseHex("800f1234decafbadcafebabeabababababababababababababababab");
    private static final byte[] PROTECTED = HEX.parseHex(
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");

    @Test
    void aesCounterModeKeystreamOfAppendixB2() {
        AesCounter aes = new AesCounter(HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c"));
        byte[] stream = aes.keystream(HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000"), 32);
        assertThat(HEX.formatHex(stream)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4"
                + "d23513162b02d0f72a43a2fe4a5f97ab");
    }

    @Test
    void keyDerivationOfAppendixB3() {
        SrtpKeys keys = SrtpKeys.derive(MASTER_KEY, MASTER_SALT);
        assertThat(HEX.formatHex(keys.cipherKey())).isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(HEX.formatHex(keys.salt())).isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(HEX.formatHex(keys.authKey())).isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
    }

    @Test
    void protectsAndUnprotectsTheReferencePacket() {
        assertThat(new SrtpContext(MASTER_KEY, MASTER_SALT, 10).protect(PLAIN, PLAIN.length)).isEqualTo(PROTECTED);
        assertThat(new SrtpContext(MASTER_KEY, MASTER_SALT, 10).unprotect(PROTECTED, PROTECTED.length))
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(PLAIN));
    }

    @Test
    void forgedAndReplayedPacketsAreDroppedWithoutDisturbingTheStream() {
        SrtpContext receiver = new SrtpContext(MASTER_KEY, MASTER_SALT, 10);
        byte[] forged = PROTECTED.clone();
        forged[14] ^= 1;
        assertThat(receiver.unprotect(forged, forged.length)).isEmpty();
        assertThat(receiver.unprotect(PROTECTED, PROTECTED.length - 1)).as("cut short").isEmpty();
        assertThat(receiver.unprotect(new byte[] {1, 2, 3}, 3)).isEmpty();
        assertThat(receiver.unprotect(PROTECTED, PROTECTED.length)).isPresent();
        assertThat(receiver.unprotect(PROTECTED, PROTECTED.length)).as("a replay").isEmpty();
    }

    @Test
    void theRolloverCounterFollowsTheSequenceNumberAcrossItsWrapAndLateOnesStillDecrypt() {
        SrtpContext sender = new SrtpContext(MASTER_KEY, MASTER_SALT, 4);
        SrtpContext receiver = new SrtpContext(MASTER_KEY, MASTER_SALT, 4);
        byte[][] sent = new byte[8][];
        for (int i = 0; i < 8; i++) {
            sent[i] = sender.protect(rtp(65532 + i), 20); // 65532 .. 65535, then 0 .. 3 with ROC 1
        }
        for (int i : new int[] {0, 1, 2, 4, 5, 3, 7, 6}) { // two arrive late, one across the wrap
            Optional<byte[]> got = receiver.unprotect(sent[i], sent[i].length);
            assertThat(got).as("packet %d", i).hasValueSatisfying(p -> assertThat(p).isEqualTo(rtp(65532 + i)));
        }
        assertThat(receiver.unprotect(sent[3], sent[3].length)).as("a late replay").isEmpty();
    }

    @Test
    void headersWithCsrcsAndAnExtensionStayInClear() {
        // V=2, X=1, one CSRC; a one-word header extension (RFC 8285 one-byte form); a 2-byte payload
        byte[] p = HEX.parseHex("91000001" + "00000000" + "00000001" + "00000002" + "bede0001" + "10ff0000" + "cafe");
        assertThat(SrtpContext.headerLength(p, p.length)).isEqualTo(24);
        byte[] out = new SrtpContext(MASTER_KEY, MASTER_SALT, 10).protect(p, p.length);
        assertThat(java.util.Arrays.copyOf(out, 24)).isEqualTo(java.util.Arrays.copyOf(p, 24));
        assertThat(SrtpContext.headerLength(HEX.parseHex("40000001"), 4)).as("not RTP v2").isEqualTo(-1);
    }

    private static byte[] rtp(int seq) {
        byte[] p = new byte[20];
        p[0] = (byte) 0x80;
        p[2] = (byte) ((seq & 0xFFFF) >>> 8);
        p[3] = (byte) seq;
        p[11] = 7;
        for (int i = 12; i < 20; i++) {
            p[i] = (byte) (seq + i);
        }
        return p;
    }
}

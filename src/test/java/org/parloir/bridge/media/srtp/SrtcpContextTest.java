package org.parloir.bridge.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * SRTCP (RFC 3711 §3.4) against libsrtp's own known answer (srtp_driver.c, the RFC 3711 B.3 master key, a sender
 * report of SSRC 0xcafebabe protected as SRTCP index 1), then what a receiver must refuse.
 */
class SrtcpContextTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] PLAIN = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
    private static final byte[] PROTECTED = HEX.parseHex("81c8000bcafebabe7128035be487b9bdbef89041f977a5a8"
            + "80000001" + "993e08cd54d6c1230798");

    @Test
    void protectsTheReferenceSenderReportAsIndexOne() {
        assertThat(HEX.formatHex(new SrtcpContext(MASTER_KEY, MASTER_SALT).protect(PLAIN, PLAIN.length)))
                .isEqualTo(HEX.formatHex(PROTECTED));
    }

    @Test
    void unprotectsItOnceOnly() {
        SrtcpContext receiver = new SrtcpContext(MASTER_KEY, MASTER_SALT);
        assertThat(receiver.unprotect(PROTECTED, PROTECTED.length)).hasValueSatisfying(p -> assertThat(p)
                .isEqualTo(PLAIN));
        assertThat(receiver.unprotect(PROTECTED, PROTECTED.length)).as("a replay").isEmpty();
    }

    @Test
    void aChangedByteAnywhereFailsAuthenticationIncludingTheIndex() {
        for (int i : new int[] {1, 6, 10, 25, 27, 30}) {
            byte[] forged = PROTECTED.clone();
            forged[i] ^= 0x01;
            assertThat(new SrtcpContext(MASTER_KEY, MASTER_SALT).unprotect(forged, forged.length))
                    .as("byte %d changed", i).isEmpty();
        }
        assertThat(new SrtcpContext(MASTER_KEY, MASTER_SALT).unprotect(PROTECTED, 21)).as("too short").isEmpty();
    }

    @Test
    void successiveIndicesAndLatePacketsDecryptAndEachIsAcceptedOnce() {
        SrtcpContext sender = new SrtcpContext(MASTER_KEY, MASTER_SALT);
        SrtcpContext receiver = new SrtcpContext(MASTER_KEY, MASTER_SALT);
        byte[][] sent = new byte[5][];
        for (int i = 0; i < 5; i++) {
            sent[i] = sender.protect(PLAIN, PLAIN.length);
            assertThat(sent[i][27]).as("E bit and index %d", i + 1).isEqualTo((byte) (i + 1));
        }
        for (int i : new int[] {0, 2, 1, 4, 3}) {
            assertThat(receiver.unprotect(sent[i], sent[i].length)).as("packet %d", i).isPresent();
        }
        assertThat(receiver.unprotect(sent[1], sent[1].length)).isEmpty();
    }

    @Test
    void onlyRtcpIsProtected() {
        byte[] rtp = HEX.parseHex("800f1234decafbadcafebabe");
        assertThatThrownBy(() -> new SrtcpContext(MASTER_KEY, MASTER_SALT).protect(rtp, rtp.length))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SrtcpContext.isRtcp(PLAIN, PLAIN.length)).isTrue();
    }
}

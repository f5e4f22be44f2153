package org.parloir.bridge.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A session direction as DTLS-SRTP keys it (RFC 5764 §4.2): the RFC 3711 B.3 master key gives libsrtp's reference
 * SRTP and SRTCP packets through the session too; SSRCs get their own contexts, bounded in number, and only an
 * authenticated packet creates one. Into a reused, dirty array and in place (as the relay does), a packet is the
 * same as into a fresh one, and a forged packet leaves the array and the stream as they were.
 */
class SrtpSessionTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] RTP = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] SRTP = HEX.parseHex(
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    private static final byte[] RTCP = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
    private static final byte[] SRTCP = HEX.parseHex(
            "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

    @Test
    void theReferencePacketsOfBothProtocols() {
        SrtpSession out = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 4);
        assertThat(out.protectRtp(RTP, RTP.length)).hasValueSatisfying(p -> assertThat(p).isEqualTo(SRTP));
        assertThat(out.protectRtcp(RTCP, RTCP.length)).hasValueSatisfying(p -> assertThat(p).isEqualTo(SRTCP));
        SrtpSession in = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 4);
        assertThat(in.unprotectRtp(SRTP, SRTP.length)).hasValueSatisfying(p -> assertThat(p).isEqualTo(RTP));
        assertThat(in.unprotectRtcp(SRTCP, SRTCP.length)).hasValueSatisfying(p -> assertThat(p).isEqualTo(RTCP));
    }

    @Test
    void theThirtyTwoBitProfileShortensTheSrtpTagOnlyRfc5764Section412() {
        SrtpSession out = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_32, KEY, SALT, 4);
        assertThat(out.protectRtp(RTP, RTP.length)).hasValueSatisfying(p -> {
            assertThat(p).hasSize(RTP.length + 4);
            assertThat(java.util.Arrays.copyOf(p, p.length)).startsWith(java.util.Arrays.copyOf(SRTP, 32));
        });
        assertThat(out.protectRtcp(RTCP, RTCP.length)).hasValueSatisfying(p -> assertThat(p).isEqualTo(SRTCP));
    }

    @Test
    void atMostMaxSsrcsReceivedSourcesAndOnlyAuthenticatedOnesCount() {
        SrtpSession sender = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 8);
        SrtpSession receiver = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 2);
        byte[] forged = sender.protectRtp(rtp(1, 9), 20).orElseThrow();
        forged[13] ^= 1;
        assertThat(receiver.unprotectRtp(forged, forged.length)).as("forged: no context").isEmpty();
        for (int ssrc = 1; ssrc <= 2; ssrc++) {
            byte[] p = sender.protectRtp(rtp(ssrc, 1), 20).orElseThrow();
            assertThat(receiver.unprotectRtp(p, p.length)).as("ssrc %d", ssrc).isPresent();
        }
        byte[] third = sender.protectRtp(rtp(3, 1), 20).orElseThrow();
        assertThat(receiver.unprotectRtp(third, third.length)).as("a third source").isEmpty();
        byte[] again = sender.protectRtp(rtp(1, 2), 20).orElseThrow();
        assertThat(receiver.unprotectRtp(again, again.length)).as("a known one still").isPresent();
    }

    @Test
    void aSenderChangingSsrcNeverGoesSilentAndNeverReusesAnSrtcpIndex() {
        SrtpSession narrow = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 1);
        SrtpSession receiver = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 4);
        int[][] sent = {{1, 7}, {2, 7}, {1, 8}}; // {ssrc, seq}: the oldest source is forgotten, then comes back
        for (int[] packet : sent) {
            byte[] p = narrow.protectRtp(rtp(packet[0], packet[1]), 20).orElseThrow();
            assertThat(receiver.unprotectRtp(p, p.length)).as("ssrc %d seq %d", packet[0], packet[1]).isPresent();
        }
        int[] indices = new int[4];
        int i = 0;
        for (int ssrc : new int[] {1, 2, 1, 1}) {
            byte[] report = RTCP.clone();
            report[7] = (byte) ssrc;
            byte[] p = narrow.protectRtcp(report, report.length).orElseThrow();
            indices[i++] = p[p.length - 11]; // the low byte of E||index
        }
        assertThat(indices).as("one sequence of SRTCP indices across sources").containsExactly(1, 2, 3, 4);
    }

    @Test
    void garbageIsRefusedNotThrown() {
        SrtpSession s = new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 4);
        byte[] junk = {(byte) 0x80, 0, 0};
        assertThat(s.unprotectRtp(junk, 3)).isEmpty();
        assertThat(s.unprotectRtcp(junk, 3)).isEmpty();
        assertThat(s.protectRtp(junk, 3)).isEmpty();
        assertThat(s.protectRtcp(RTP, RTP.length)).as("RTP is no RTCP").isEmpty();
        assertThat(s.unprotectRtp(new byte[40], 40)).as("not version 2").isEmpty();
    }

    private static byte[] rtp(int ssrc, int seq) {
        byte[] p = new byte[20];
        p[0] = (byte) 0x80;
        p[3] = (byte) seq;
        p[11] = (byte) ssrc;
        return p;
    }

    // Buffer reuse: the relay protects and unprotects into one array per receive loop, packet after packet, often
    // in place; what comes out must not depend on what the array held before.

    @Test
    void twoPacketsInARowIntoOneDirtyArrayGiveTheReferenceBytes() {
        SrtpSession sender = session();
        SrtpSession reference = session();
        byte[] buf = dirty(2048);
        assertThat(sender.protectRtp(RTP, RTP.length, buf)).isEqualTo(SRTP.length);
        assertThat(Arrays.copyOf(buf, SRTP.length)).isEqualTo(SRTP);
        reference.protectRtp(RTP, RTP.length);
        byte[] next = withPayload(0x1235, 7); // shorter than the first: nothing of it may leak into the second
        int n = sender.protectRtp(next, next.length, buf);
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(reference.protectRtp(next, next.length).orElseThrow());
        assertThat(sender.protectRtcp(RTCP, RTCP.length, buf)).isEqualTo(SRTCP.length);
        assertThat(Arrays.copyOf(buf, SRTCP.length)).isEqualTo(SRTCP);
    }

    @Test
    void inPlaceBothWays() {
        byte[] buf = dirty(2048);
        System.arraycopy(RTP, 0, buf, 0, RTP.length);
        assertThat(session().protectRtp(buf, RTP.length, buf)).isEqualTo(SRTP.length);
        assertThat(Arrays.copyOf(buf, SRTP.length)).isEqualTo(SRTP);
        assertThat(session().unprotectRtp(buf, SRTP.length, buf)).isEqualTo(RTP.length);
        assertThat(Arrays.copyOf(buf, RTP.length)).isEqualTo(RTP);
        System.arraycopy(SRTCP, 0, buf, 0, SRTCP.length);
        assertThat(session().unprotectRtcp(buf, SRTCP.length, buf)).isEqualTo(RTCP.length);
        assertThat(Arrays.copyOf(buf, RTCP.length)).isEqualTo(RTCP);
    }

    @Test
    void aForgedPacketChangesNeitherTheArrayNorTheStreamAndTheNextOneIsRight() {
        SrtpSession sender = session();
        SrtpSession receiver = session();
        byte[] first = sender.protectRtp(RTP, RTP.length).orElseThrow();
        byte[] second = sender.protectRtp(withPayload(0x1235, 16), 28).orElseThrow();
        byte[] buf = dirty(2048);
        assertThat(receiver.unprotectRtp(first, first.length, buf)).isEqualTo(RTP.length);
        assertThat(Arrays.copyOf(buf, RTP.length)).isEqualTo(RTP);
        byte[] forged = second.clone();
        forged[forged.length - 1] ^= 1;
        byte[] before = buf.clone();
        assertThat(receiver.unprotectRtp(forged, forged.length, buf)).isEqualTo(-1);
        assertThat(buf).as("untouched by the forged packet").isEqualTo(before);
        byte[] inPlace = forged.clone();
        assertThat(receiver.unprotectRtp(inPlace, inPlace.length, inPlace)).isEqualTo(-1);
        assertThat(inPlace).as("a forged packet in place stays as it came").isEqualTo(forged);
        assertThat(receiver.unprotectRtp(second, second.length, buf)).isEqualTo(28);
        assertThat(Arrays.copyOf(buf, 28)).isEqualTo(withPayload(0x1235, 16));
        assertThat(receiver.unprotectRtp(second, second.length, buf)).as("a replay").isEqualTo(-1);
    }

    @Test
    void anArrayTooShortForTheTagIsRefusedNotOverrun() {
        byte[] small = new byte[RTP.length + 9];
        assertThat(session().protectRtp(RTP, RTP.length, small)).isEqualTo(-1);
        assertThat(session().protectRtcp(RTCP, RTCP.length, new byte[RTCP.length + 13])).isEqualTo(-1);
        assertThat(session().unprotectRtp(SRTP, SRTP.length, new byte[RTP.length - 1])).isEqualTo(-1);
    }

    private static SrtpSession session() {
        return new SrtpSession(SrtpProfile.AES128_CM_HMAC_SHA1_80, KEY, SALT, 4);
    }

    private static byte[] dirty(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 0x5a);
        return b;
    }

    private static byte[] withPayload(int seq, int payload) {
        byte[] p = new byte[12 + payload];
        System.arraycopy(RTP, 0, p, 0, 12);
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }
}

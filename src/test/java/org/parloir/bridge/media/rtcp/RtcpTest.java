package org.parloir.bridge.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3550's reception statistics (A.1, A.3, A.8), report blocks and compound packets, with worked answers. */
class RtcpTest {

    private static final long SSRC = 0x11223344L;

    @Test
    void lossesAcrossASequenceWrapAreCountedAndTheFractionIsOfTheInterval() {
        ReceptionStats s = new ReceptionStats(SSRC);
        int seq = 65_486; // 100 packets from here wrap past 65535
        for (int i = 0; i < 100; i++) {
            if (i != 10 && i != 50 && i != 51) {
                s.received((seq + i) & 0xFFFF, 160L * i, 160L * i);
            }
        }
        assertThat(s.extendedHighestSeq()).isEqualTo(65_536 + 49); // 65486 + 99 - 65536 = 49, one cycle
        assertThat(s.expected()).isEqualTo(100);
        assertThat(s.cumulativeLost()).isEqualTo(3);
        byte[] block = new byte[24];
        s.writeBlock(block, 0, 0);
        assertThat(block[4] & 0xFF).as("fraction lost: 3/100 in 1/256").isEqualTo(3 * 256 / 100);
        for (int i = 100; i < 150; i++) { // a clean second interval
            s.received((seq + i) & 0xFFFF, 160L * i, 160L * i);
        }
        s.writeBlock(block, 0, 0);
        assertThat(block[4] & 0xFF).isZero();
        assertThat(Rtcp.get32(block, 4) & 0xFFFFFF).as("cumulative stays").isEqualTo(3);
    }

    @Test
    void aLargeJumpIsARestartOnlyWhenTheNextPacketFollowsIt() {
        ReceptionStats s = new ReceptionStats(SSRC);
        for (int i = 0; i < 10; i++) {
            s.received(1000 + i, 0, 0);
        }
        assertThat(s.received(40_000, 0, 0)).as("one stray far packet is not counted").isFalse();
        assertThat(s.extendedHighestSeq()).isEqualTo(1009);
        assertThat(s.received(20_000, 0, 0)).isFalse();
        assertThat(s.received(20_001, 0, 0)).as("the second in sequence restarts the source").isTrue();
        assertThat(s.expected()).isEqualTo(1);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void lateAndDuplicatePacketsDoNotMoveTheHighestSequence() {
        ReceptionStats s = new ReceptionStats(SSRC);
        s.received(10, 0, 0);
        s.received(12, 0, 0);
        s.received(11, 0, 0); // late
        s.received(12, 0, 0); // duplicate
        assertThat(s.extendedHighestSeq()).isEqualTo(12);
        assertThat(s.cumulativeLost()).as("3 expected, 4 received").isEqualTo(-1);
    }

    @Test
    void jitterIsZeroForSteadyTransitAndFollowsA8ForAlternatingDelay() {
        ReceptionStats steady = new ReceptionStats(SSRC);
        for (int i = 0; i < 50; i++) {
            steady.received(i, 160L * i, 160L * i + 7_000);
        }
        assertThat(steady.jitter()).isZero();
        ReceptionStats alternating = new ReceptionStats(SSRC);
        double j = 0;
        for (int i = 0; i < 200; i++) {
            alternating.received(i, 160L * i, 160L * i + (i % 2 == 0 ? 0 : 80));
            if (i > 0) {
                j += (80 - j) / 16; // |D| = 80 each step
            }
        }
        assertThat((double) alternating.jitter()).isCloseTo(j, org.assertj.core.data.Offset.offset(1.0));
        assertThat(alternating.jitter()).isBetween(78L, 80L);
    }

    @Test
    void theBlockEchoesTheLastSenderReportWithTheDelaySinceIt() {
        ReceptionStats s = new ReceptionStats(SSRC);
        s.received(1, 0, 0);
        s.senderReport(0x0000_1234_5678_0000L | 0xAAAA_0000_0000_0000L, 1_000_000_000L);
        byte[] block = new byte[24];
        s.writeBlock(block, 0, 1_500_000_000L);
        assertThat(Rtcp.get32(block, 0)).isEqualTo(SSRC);
        assertThat(Rtcp.get32(block, 16)).as("LSR: the middle 32 bits").isEqualTo(0x1234_5678L);
        assertThat(Rtcp.get32(block, 20)).as("DLSR: 0.5 s in 1/65536 s").isEqualTo(32_768);
    }

    @Test
    void roundTripOfRfc3550Section641() {
        // A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000 -> 0x0006:2000, 6.125 s
        assertThat(Rtcp.roundTripMicros(0xb710_8000L << 16, 0xb705_2000L, 0x0005_4000L)).isEqualTo(6_125_000);
        assertThat(Rtcp.roundTripMicros(0xb710_8000L << 16, 0, 0)).as("no report of ours echoed").isEqualTo(-1);
    }

    @Test
    void ntpOfAUnixTime() {
        assertThat(Rtcp.ntp(0)).isEqualTo(2_208_988_800L << 32);
        assertThat(Rtcp.ntp(1_500) & 0xFFFFFFFFL).as("half a second").isEqualTo(0x8000_0000L);
    }

    @Test
    void aReceiverReportWithoutSourcesIsAnRrAndAnSdesCname() {
        byte[] out = new byte[Rtcp.maxLength(0, 2)];
        int n = Rtcp.writeReport(out, SSRC, null, List.of(), "ab", 0);
        assertThat(HexFormat.of().formatHex(out, 0, n))
                .isEqualTo("80c90001" + "11223344" + "81ca0003" + "11223344" + "01026162" + "00000000");
    }

    @Test
    void aSenderReportWithABlockReadsBackAsWritten() {
        ReceptionStats about = new ReceptionStats(0xCAFEBABEL);
        for (int i = 0; i < 10; i++) {
            if (i != 4) {
                about.received(i, 0, 0);
            }
        }
        String cname = "parloir-0123456789ab";
        byte[] out = new byte[Rtcp.maxLength(1, cname.length())];
        long ntp = Rtcp.ntp(1_700_000_000_000L);
        int n = Rtcp.writeReport(out, SSRC, new Rtcp.SenderInfo(ntp, 48_000, 250, 40_000), List.of(about), cname, 0);
        assertThat(n % 4).isZero();
        List<String> seen = new ArrayList<>();
        List<Rtcp.Block> blocks = new ArrayList<>();
        boolean ok = Rtcp.read(out, n, new Rtcp.Visitor() {
            @Override
            public void senderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packets, long octets) {
                seen.add(Long.toHexString(ssrc) + " " + (ntpTimestamp == ntp) + " " + rtpTimestamp + " " + packets
                        + " " + octets);
            }

            @Override
            public void block(Rtcp.Block block) {
                blocks.add(block);
            }

            @Override
            public void other(int packetType) {
                seen.add("type " + packetType);
            }
        });
        assertThat(ok).isTrue();
        assertThat(seen).containsExactly("11223344 true 48000 250 40000", "type 202");
        assertThat(blocks).containsExactly(new Rtcp.Block(SSRC, 0xCAFEBABEL, 256 / 10, 1, 9, 0, 0, 0));
    }

    @Test
    void malformedCompoundsStopTheReader() {
        byte[] rr = new byte[Rtcp.maxLength(0, 2)];
        int n = Rtcp.writeReport(rr, SSRC, null, List.of(), "ab", 0);
        Rtcp.Visitor ignore = new Rtcp.Visitor() {
            @Override
            public void senderReport(long ssrc, long ntp, long rtp, long packets, long octets) {
            }

            @Override
            public void block(Rtcp.Block block) {
            }
        };
        assertThat(Rtcp.read(rr, n - 4, ignore)).as("the SDES runs past the datagram").isFalse();
        byte[] v1 = rr.clone();
        v1[0] = 0x41;
        assertThat(Rtcp.read(v1, n, ignore)).as("version 1").isFalse();
        byte[] lying = rr.clone();
        lying[0] = (byte) 0x81; // an RR that says it has a block but is 8 bytes long
        assertThat(Rtcp.read(lying, n, ignore)).isFalse();
    }
}

package org.parloir.bridge.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Known answers from RFC 5769 ("Test Vectors for STUN", Copyright (c) 2010 IETF Trust and the persons identified as
 * the document authors; Simplified BSD License): the sample request of §2.1 and the responses of §2.2 and §2.3, with
 * their short-term password. Their SOFTWARE and USERNAME padding is 0x20, as the RFC prints it.
 */
class StunCodecTest {

    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");
    private static final byte[] IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");
    private static final byte[] IPV6_RESPONSE = hex("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");
    private static final byte[] TRANSACTION = hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    @Test
    void theSampleRequestDecodesAndItsIntegrityAndFingerprintCheckOut() throws Exception {
        StunMessage m = StunCodec.decode(REQUEST, 0, REQUEST.length);
        assertThat(m.type()).isEqualTo(StunMessage.BINDING_REQUEST);
        assertThat(m.method()).isEqualTo(1);
        assertThat(m.messageClass()).isZero();
        assertThat(m.transactionId()).isEqualTo(TRANSACTION);
        assertThat(m.attributes()).extracting(StunMessage.Attribute::type).containsExactly(StunCodec.SOFTWARE,
                StunCodec.PRIORITY, StunCodec.ICE_CONTROLLED, StunCodec.USERNAME, StunCodec.MESSAGE_INTEGRITY,
                StunCodec.FINGERPRINT);
        assertThat(new String(m.attribute(StunCodec.USERNAME).orElseThrow().value(), StandardCharsets.UTF_8))
                .isEqualTo("evtj:h6vY");
        assertThat(StunCodec.isStun(REQUEST, 0, REQUEST.length)).isTrue();
        assertThat(StunCodec.integrityOk(REQUEST, PASSWORD)).isTrue();
        assertThat(StunCodec.integrityOk(REQUEST, "wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(StunCodec.fingerprintOk(REQUEST)).isTrue();
    }

    @Test
    void theSampleResponsesCarryTheRfcsAddresses() throws Exception {
        for (byte[] response : List.of(IPV4_RESPONSE, IPV6_RESPONSE)) {
            assertThat(StunCodec.integrityOk(response, PASSWORD)).isTrue();
            assertThat(StunCodec.fingerprintOk(response)).isTrue();
        }
        StunMessage v4 = StunCodec.decode(IPV4_RESPONSE, 0, IPV4_RESPONSE.length);
        StunMessage v6 = StunCodec.decode(IPV6_RESPONSE, 0, IPV6_RESPONSE.length);
        assertThat(v4.messageClass()).isEqualTo(2);
        InetSocketAddress a4 = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        InetSocketAddress a6 = new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        byte[] x4 = v4.attribute(StunCodec.XOR_MAPPED_ADDRESS).orElseThrow().value();
        byte[] x6 = v6.attribute(StunCodec.XOR_MAPPED_ADDRESS).orElseThrow().value();
        assertThat(StunCodec.readXorAddress(x4, TRANSACTION)).isEqualTo(a4);
        assertThat(StunCodec.readXorAddress(x6, TRANSACTION)).isEqualTo(a6);
        assertThat(StunCodec.xorAddress(a4, TRANSACTION)).isEqualTo(x4);
        assertThat(StunCodec.xorAddress(a6, TRANSACTION)).isEqualTo(x6);
    }

    @Test
    void whatWeEncodeIsTheRfcsResponseButForItsPaddingBytes() throws Exception {
        StunMessage v4 = StunCodec.decode(IPV4_RESPONSE, 0, IPV4_RESPONSE.length);
        StunMessage parts = new StunMessage(v4.type(), v4.transactionId(), v4.attributes().subList(0, 2));
        byte[] ours = StunCodec.encode(parts, PASSWORD, true);

        byte[] rfc = IPV4_RESPONSE.clone();
        rfc[20 + 4 + 11] = 0; // the RFC pads SOFTWARE with 0x20; we pad with zeros (RFC 8489 §14: any value)
        assertThat(ours).hasSameSizeAs(rfc);
        assertThat(java.util.Arrays.copyOf(ours, 48)).isEqualTo(java.util.Arrays.copyOf(rfc, 48));
        assertThat(StunCodec.integrityOk(ours, PASSWORD)).isTrue();
        assertThat(StunCodec.fingerprintOk(ours)).isTrue();
        assertThat(StunCodec.decode(ours, 0, ours.length).attributes()).hasSize(4);
    }

    @Test
    void aChangedByteBreaksIntegrityAndFingerprint() {
        byte[] tampered = REQUEST.clone();
        tampered[30] ^= 1; // inside SOFTWARE
        assertThat(StunCodec.integrityOk(tampered, PASSWORD)).isFalse();
        assertThat(StunCodec.fingerprintOk(tampered)).isFalse();
    }

    @Test
    void malformedMessagesAreRefused() {
        assertThatThrownBy(() -> StunCodec.decode(REQUEST, 0, 19)).isInstanceOf(StunFormatException.class);
        assertThatThrownBy(() -> StunCodec.decode(REQUEST, 0, REQUEST.length - 4))
                .isInstanceOf(StunFormatException.class).hasMessageContaining("does not match");
        byte[] noCookie = REQUEST.clone();
        noCookie[4] = 0;
        assertThatThrownBy(() -> StunCodec.decode(noCookie, 0, noCookie.length)).hasMessage("no magic cookie");
        byte[] overrun = REQUEST.clone();
        overrun[20 + 3] = (byte) 0xFF; // SOFTWARE claims 255 bytes
        assertThatThrownBy(() -> StunCodec.decode(overrun, 0, overrun.length)).hasMessageContaining("runs past");
        assertThat(StunCodec.isStun(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4)).as("RTP").isFalse();
        assertThatThrownBy(() -> StunCodec.readXorAddress(new byte[] {0, 2, 0, 0, 1, 2, 3, 4}, TRANSACTION))
                .isInstanceOf(StunFormatException.class);
    }

    @Property
    void anyBytesDecodeOrAreRefusedNeverAnotherFailure(@ForAll @Size(max = 120) byte[] bytes) {
        byte[] data = bytes.clone();
        if (data.length >= 8) { // half of the cases look like STUN, so the attribute walk gets exercised
            System.arraycopy(REQUEST, 0, data, 0, 8);
            data[2] = (byte) ((data.length - 20) >>> 8);
            data[3] = (byte) (data.length - 20);
        }
        try {
            StunMessage m = StunCodec.decode(data, 0, data.length);
            byte[] again = StunCodec.encode(new StunMessage(m.type(), m.transactionId(), m.attributes().stream()
                    .filter(a -> a.type() != StunCodec.MESSAGE_INTEGRITY && a.type() != StunCodec.FINGERPRINT)
                    .toList()), null, false);
            assertThat(StunCodec.decode(again, 0, again.length).type()).isEqualTo(m.type());
        } catch (StunFormatException refused) {
            // what a malformed datagram gets: discarded
        }
        StunCodec.integrityOk(data, PASSWORD);
        StunCodec.fingerprintOk(data);
    }
}

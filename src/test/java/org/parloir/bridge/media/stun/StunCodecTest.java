package org.parloir.bridge.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Known answers from RFC 5769 ({@link Rfc5769}): the sample request of §2.1 and the responses of §2.2 and §2.3. */
class StunCodecTest {

    private static final byte[] PASSWORD = Rfc5769.PASSWORD;
    private static final byte[] REQUEST = Rfc5769.REQUEST;
    private static final byte[] IPV4_RESPONSE = Rfc5769.IPV4_RESPONSE;
    private static final byte[] IPV6_RESPONSE = Rfc5769.IPV6_RESPONSE;
    private static final byte[] TRANSACTION = Rfc5769.TRANSACTION;

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

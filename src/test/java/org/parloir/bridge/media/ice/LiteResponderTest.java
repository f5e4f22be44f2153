package org.parloir.bridge.media.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parloir.bridge.media.stun.Rfc5769;
import org.parloir.bridge.media.stun.StunCodec;
import org.parloir.bridge.media.stun.StunMessage;

class LiteResponderTest {

    private static final String PASSWORD = new String(Rfc5769.PASSWORD, StandardCharsets.UTF_8);
    private static final byte[] TRANSACTION = Rfc5769.TRANSACTION;
    /** USERNAME evtj:h6vY, ICE-CONTROLLED, signed with PASSWORD. */
    private static final byte[] RFC5769_REQUEST = Rfc5769.REQUEST;

    private final LiteResponder responder = new LiteResponder("evtj", "h6vY", PASSWORD);
    private final InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);

    private static byte[] check(String username, String password, boolean controlling, boolean useCandidate,
                                boolean fingerprint) {
        List<StunMessage.Attribute> a = new ArrayList<>();
        a.add(new StunMessage.Attribute(StunCodec.USERNAME, username.getBytes(StandardCharsets.UTF_8)));
        a.add(new StunMessage.Attribute(StunCodec.PRIORITY, ByteBuffer.allocate(4).putInt(1_845_501_695).array()));
        a.add(new StunMessage.Attribute(controlling ? StunCodec.ICE_CONTROLLING : StunCodec.ICE_CONTROLLED,
                new byte[8]));
        if (useCandidate) {
            a.add(new StunMessage.Attribute(StunCodec.USE_CANDIDATE, new byte[0]));
        }
        return StunCodec.encode(new StunMessage(StunMessage.BINDING_REQUEST, TRANSACTION, a),
                password.getBytes(StandardCharsets.UTF_8), fingerprint);
    }

    @Test
    void aValidCheckIsAnsweredWithTheSourceAddressSignedAndFingerprinted() throws Exception {
        byte[] request = check("evtj:h6vY", PASSWORD, true, true, true);
        CheckOutcome.Answer answer = (CheckOutcome.Answer) responder.handle(request, request.length, peer);

        assertThat(answer.peer()).isEqualTo(peer);
        assertThat(answer.nominated()).isTrue();
        StunMessage response = StunCodec.decode(answer.response(), 0, answer.response().length);
        assertThat(response.type()).isEqualTo(StunMessage.BINDING_SUCCESS);
        assertThat(response.transactionId()).isEqualTo(TRANSACTION);
        assertThat(StunCodec.readXorAddress(response.attribute(StunCodec.XOR_MAPPED_ADDRESS).orElseThrow().value(),
                TRANSACTION)).isEqualTo(peer);
        assertThat(StunCodec.integrityOk(answer.response(), PASSWORD.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(StunCodec.fingerprintOk(answer.response())).isTrue();

        byte[] plain = check("evtj:h6vY", PASSWORD, true, false, true);
        assertThat(((CheckOutcome.Answer) responder.handle(plain, plain.length, peer)).nominated()).isFalse();
    }

    @Test
    void theRfc5769RequestClaimsTheControlledRoleAndGets487() throws Exception {
        CheckOutcome.Refuse refuse = (CheckOutcome.Refuse) responder.handle(RFC5769_REQUEST, RFC5769_REQUEST.length,
                peer);
        assertThat(refuse.code()).isEqualTo(487);
        byte[] code = StunCodec.decode(refuse.response(), 0, refuse.response().length)
                .attribute(StunCodec.ERROR_CODE).orElseThrow().value();
        assertThat(code[2] * 100 + code[3]).isEqualTo(487);
        assertThat(new String(code, 4, code.length - 4, StandardCharsets.UTF_8)).isEqualTo("Role Conflict");
        assertThat(StunCodec.integrityOk(refuse.response(), PASSWORD.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void wrongCredentialsGet401AndMissingOnes400WithoutIntegrity() {
        for (byte[] request : List.of(check("evtj:h6vY", "another password", true, false, true),
                check("evtj:someone", PASSWORD, true, false, true), check("xxxx:h6vY", PASSWORD, true, false, true))) {
            CheckOutcome.Refuse refuse = (CheckOutcome.Refuse) responder.handle(request, request.length, peer);
            assertThat(refuse.code()).isEqualTo(401);
            assertThat(StunCodec.integrityOk(refuse.response(), PASSWORD.getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(StunCodec.fingerprintOk(refuse.response())).isTrue();
        }
        byte[] anonymous = StunCodec.encode(new StunMessage(StunMessage.BINDING_REQUEST, TRANSACTION, List.of()),
                null, true);
        assertThat(responder.handle(anonymous, anonymous.length, peer))
                .isInstanceOfSatisfying(CheckOutcome.Refuse.class, r -> assertThat(r.code()).isEqualTo(400));
    }

    @Test
    void whatIsNotACheckIsDropped() {
        byte[] noFingerprint = check("evtj:h6vY", PASSWORD, true, true, false);
        assertThat(responder.handle(noFingerprint, noFingerprint.length, peer)).isInstanceOf(CheckOutcome.Drop.class);
        byte[] response = StunCodec.encode(new StunMessage(StunMessage.BINDING_SUCCESS, TRANSACTION, List.of()),
                null, true);
        assertThat(responder.handle(response, response.length, peer)).isInstanceOf(CheckOutcome.Drop.class);
        byte[] rtp = {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(responder.handle(rtp, rtp.length, peer)).isInstanceOf(CheckOutcome.Drop.class);
    }
}

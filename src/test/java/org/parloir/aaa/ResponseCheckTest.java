package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.FilterId;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.junit.jupiter.api.Test;

/** RFC 3579 §3.2 Message-Authenticator of answers, on answers encoded by aaa4j as a server would. */
class ResponseCheckTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REQUEST_AUTHENTICATOR = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @Test
    void aValidMessageAuthenticatorPasses() throws Exception {
        assertThat(ResponseCheck.messageAuthenticator(signedAccept(), REQUEST_AUTHENTICATOR, SECRET))
                .isEqualTo(ResponseCheck.Verdict.VALID);
    }

    @Test
    void anyChangeOrAnotherSecretOrRequestFails() throws Exception {
        byte[] accept = signedAccept();
        byte[] tampered = accept.clone();
        tampered[tampered.length - 1] ^= 1; // last byte of Filter-Id (after the Message-Authenticator)
        assertThat(ResponseCheck.messageAuthenticator(tampered, REQUEST_AUTHENTICATOR, SECRET))
                .isEqualTo(ResponseCheck.Verdict.INVALID);
        assertThat(ResponseCheck.messageAuthenticator(accept, REQUEST_AUTHENTICATOR, "other".getBytes()))
                .isEqualTo(ResponseCheck.Verdict.INVALID);
        byte[] otherRequest = REQUEST_AUTHENTICATOR.clone();
        otherRequest[0] ^= 1;
        assertThat(ResponseCheck.messageAuthenticator(accept, otherRequest, SECRET))
                .isEqualTo(ResponseCheck.Verdict.INVALID);
    }

    @Test
    void anAnswerWithoutOneIsAbsentAndAMalformedOneInvalid() throws Exception {
        byte[] plain = new PacketCodec(new StandardDictionary()).encodeResponse(
                new AccessAccept(List.of(new FilterId(new TextData("national")))), SECRET, 7, REQUEST_AUTHENTICATOR);
        assertThat(ResponseCheck.messageAuthenticator(plain, REQUEST_AUTHENTICATOR, SECRET))
                .isEqualTo(ResponseCheck.Verdict.ABSENT);
        byte[] truncated = Arrays.copyOf(plain, plain.length - 1);
        assertThat(ResponseCheck.messageAuthenticator(truncated, REQUEST_AUTHENTICATOR, SECRET))
                .isEqualTo(ResponseCheck.Verdict.INVALID);
    }

    private static byte[] signedAccept() throws Exception {
        return new PacketCodec(new StandardDictionary()).encodeResponse(new AccessAccept(List.of(
                        new MessageAuthenticator(), new FilterId(new TextData("national")))),
                SECRET, 7, REQUEST_AUTHENTICATOR);
    }
}

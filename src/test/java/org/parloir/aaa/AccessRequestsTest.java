package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.aaa.PacketAttributes.types;
import static org.parloir.aaa.PacketAttributes.attribute;
import static org.parloir.aaa.PacketAttributes.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.junit.jupiter.api.Test;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.DigestResponse;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;

/** The Access-Request of a call, encoded by aaa4j as it goes on the wire and decoded as a server reads it. */
class AccessRequestsTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final NasIdentity NAS = NasIdentity.of(new AaaProperties(null, "nas-1", "192.0.2.7", List.of(),
            java.time.Duration.ZERO, java.util.Map.of(), 1, 1));
    private static final UserAddress ALICE = new UserAddress("alice", "example.org");

    @Test
    void authorisationOnlyIsACallCheckWithTheStationsAndNas() throws Exception {
        Packet sent = roundTrip(AccessRequests.build(request(Optional.empty()), NAS));

        assertThat(text(sent, 1)).isEqualTo("alice");                         // User-Name
        assertThat(text(sent, 32)).isEqualTo("nas-1");                        // NAS-Identifier
        assertThat(raw(sent, 4)).containsExactly(192, 0, 2, 7);               // NAS-IP-Address
        assertThat(raw(sent, 6)).containsExactly(0, 0, 0, 10);                // Service-Type = Call-Check
        assertThat(text(sent, 31)).isEqualTo("sip:alice@example.org");        // Calling-Station-Id
        assertThat(text(sent, 30)).isEqualTo("+33123456789");                 // Called-Station-Id
        assertThat(types(sent)).doesNotContain(103, 122);
    }

    @Test
    void serverVerifiedDigestCarriesTheRfc5090AttributesAndNoServiceType() throws Exception {
        DigestResponse digest = new DigestResponse("alice", "example.org", "n0nce", "sip:+33123456789@example.org",
                "INVITE", "0123456789abcdef0123456789abcdef", "MD5", "auth", "c0nce", "00000001", "0paque", null);

        Packet sent = roundTrip(AccessRequests.build(request(Optional.of(digest)), NAS));

        assertThat(text(sent, 103)).isEqualTo("0123456789abcdef0123456789abcdef"); // Digest-Response
        assertThat(text(sent, 104)).isEqualTo("example.org");                      // Digest-Realm
        assertThat(text(sent, 105)).isEqualTo("n0nce");                            // Digest-Nonce
        assertThat(text(sent, 108)).isEqualTo("INVITE");                           // Digest-Method
        assertThat(text(sent, 109)).isEqualTo("sip:+33123456789@example.org");     // Digest-URI
        assertThat(text(sent, 110)).isEqualTo("auth");                             // Digest-Qop
        assertThat(text(sent, 111)).isEqualTo("MD5");                              // Digest-Algorithm
        assertThat(text(sent, 113)).isEqualTo("c0nce");                            // Digest-CNonce
        assertThat(text(sent, 114)).isEqualTo("00000001");                         // Digest-Nonce-Count
        assertThat(text(sent, 115)).isEqualTo("alice");                            // Digest-Username
        assertThat(text(sent, 116)).isEqualTo("0paque");                           // Digest-Opaque
        assertThat(text(sent, 122)).isEqualTo("sip:alice@example.org");            // SIP-AOR
        assertThat(types(sent)).doesNotContain(6, 112);
    }

    @Test
    void authIntSendsTheHashOfTheBodyNotTheBody() throws Exception {
        byte[] body = "v=0\r\n".getBytes(StandardCharsets.UTF_8);
        DigestResponse digest = new DigestResponse("alice", "example.org", "n", "sip:x@example.org", "INVITE",
                "00", null, "auth-int", "c", "00000001", null, body);

        Packet sent = roundTrip(AccessRequests.build(request(Optional.of(digest)), NAS));

        // MD5("v=0\r\n"), by `printf 'v=0\r\n' | md5sum`
        assertThat(text(sent, 112)).isEqualTo("b0d75ee0fad0609be9c67fb60aaf290a");
        assertThat(DigestAttributes.bodyHash("SHA-256-sess", new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(types(sent)).doesNotContain(111, 116);
    }

    @Test
    void everyAccessRequestHasAValidMessageAuthenticator() throws Exception {
        byte[] wire = encode(AccessRequests.build(request(Optional.empty()), NAS));

        int at = attributeOffset(wire, 80);
        assertThat(at).as("Message-Authenticator present").isPositive();
        assertThat(wire[at + 1]).isEqualTo((byte) 18);
        byte[] sent = Arrays.copyOfRange(wire, at + 2, at + 18);
        byte[] zeroed = wire.clone();
        Arrays.fill(zeroed, at + 2, at + 18, (byte) 0);
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(SECRET, "HmacMD5"));
        assertThat(sent).isEqualTo(hmac.doFinal(zeroed)); // RFC 3579 §3.2
    }

    private static AuthorizationRequest request(Optional<DigestResponse> digest) {
        return new AuthorizationRequest(ALICE, "alice", ALICE.sipAor(), new E164("+33123456789"), "c1@h", digest);
    }

    private static byte[] encode(Packet packet) throws Exception {
        byte[] authenticator = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        return new PacketCodec(new StandardDictionary()).encodeRequest(packet, SECRET, authenticator);
    }

    private static Packet roundTrip(Packet packet) throws Exception {
        return new PacketCodec(new StandardDictionary()).decodeRequest(encode(packet), SECRET);
    }

    private static int attributeOffset(byte[] wire, int type) {
        for (int at = 20; at < wire.length; at += wire[at + 1] & 0xff) {
            if ((wire[at] & 0xff) == type) {
                return at;
            }
        }
        return -1;
    }

    private static int[] raw(Packet packet, int type) throws Exception {
        byte[] wire = encode(new Packet(packet.getCode(), List.of(attribute(packet, type))));
        int at = attributeOffset(wire, type);
        return java.util.stream.IntStream.range(at + 2, at + (wire[at + 1] & 0xff)).map(i -> wire[i] & 0xff)
                .toArray();
    }
}

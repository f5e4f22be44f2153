package org.parloir.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parloir.testing.DigestClient;

/** Known answers of RFC 2617, RFC 2069 (corrected) and RFC 7616 (MD5 and SHA-256, the RFC 8760 algorithm). */
class DigestAnswerTest {

    private static Properties vectors(String file) throws Exception {
        Properties v = new Properties();
        try (InputStream in = DigestAnswerTest.class.getResourceAsStream("/vectors/" + file)) {
            v.load(in);
        }
        return v;
    }

    /** The value of parameter {@code name} in a header value. */
    private static String param(String value, String name) {
        var m = java.util.regex.Pattern.compile("[ ,]" + name + "=\"?([^\",]*)\"?").matcher(value);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void rfc2617Example() throws Exception {
        Properties v = vectors("rfc2617-digest.properties");
        var challenge = new DigestAnswer.Challenge(v.getProperty("realm"), v.getProperty("nonce"), null,
                "auth,auth-int", v.getProperty("opaque"), false);
        String value = DigestAnswer.value(challenge, v.getProperty("method"), v.getProperty("uri"),
                v.getProperty("username"), v.getProperty("auth.password"), v.getProperty("auth.cnonce"), 1);
        assertThat(param(value, "response")).isEqualTo(v.getProperty("auth.response"));
        assertThat(value).startsWith("Digest username=\"Mufasa\", realm=\"testrealm@host.com\"")
                .contains("uri=\"/dir/index.html\"", "qop=auth", "nc=00000001", "cnonce=\"0a4f113b\"",
                        "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", "algorithm=MD5");
    }

    @Test
    void rfc2069ExampleWithoutQop() throws Exception {
        Properties v = vectors("rfc2617-digest.properties");
        var challenge = new DigestAnswer.Challenge(v.getProperty("realm"), v.getProperty("nonce"), "MD5", null, null,
                false);
        String value = DigestAnswer.value(challenge, v.getProperty("method"), v.getProperty("uri"),
                v.getProperty("username"), v.getProperty("rfc2069.password"), "unused", 1);
        assertThat(param(value, "response")).isEqualTo(v.getProperty("rfc2069.response"));
        assertThat(value).doesNotContain("qop", "cnonce", "nc=", "opaque");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256"})
    void rfc7616Example(String algorithm) throws Exception {
        Properties v = vectors("rfc7616-digest.properties");
        var challenge = new DigestAnswer.Challenge(v.getProperty("realm"), v.getProperty("nonce"), algorithm,
                "auth, auth-int", null, false);
        String value = DigestAnswer.value(challenge, v.getProperty("method"), v.getProperty("uri"),
                v.getProperty("username"), v.getProperty("password"), v.getProperty("cnonce." + algorithm),
                Integer.parseInt(v.getProperty("nc"), 16));
        assertThat(param(value, "response")).isEqualTo(v.getProperty("response." + algorithm));
        assertThat(param(value, "algorithm")).isEqualTo(algorithm);
    }

    @Test
    void unsupportedChallengesAreRefused() {
        assertThat(new DigestAnswer.Challenge("r", "n", "MD5-sess", "auth", null, false).supported()).isFalse();
        assertThat(new DigestAnswer.Challenge("r", "n", "MD5", "auth-int", null, false).supported()).isFalse();
        assertThat(new DigestAnswer.Challenge("r", null, "MD5", "auth", null, false).supported()).isFalse();
        assertThatThrownBy(() -> DigestAnswer.value(new DigestAnswer.Challenge("r", "n", "SHA-512-256", null, null,
                false), "INVITE", "sip:x", "u", "p", "c", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotedStringsAreEscaped() {
        String value = DigestAnswer.value(new DigestAnswer.Challenge("a \"b\" \\c", "n", null, null, null, false),
                "INVITE", "sip:x", "u", "p", "c", 1);
        assertThat(value).contains("realm=\"a \\\"b\\\" \\\\c\"");
    }

    @Test
    void headerAnswersTheFirstChallengeWeSupport() throws Exception {
        SipFactory sip = SipFactory.getInstance();
        sip.setPathName("gov.nist");
        HeaderFactory headers = sip.createHeaderFactory();
        AddressFactory addresses = sip.createAddressFactory();
        MessageFactory messages = sip.createMessageFactory();
        SipURI uri = addresses.createSipURI("0139635511", "gw.example");
        var to = addresses.createAddress(uri);
        Request invite = messages.createRequest(uri, Request.INVITE, headers.createCallIdHeader("c1@x"),
                headers.createCSeqHeader(1L, Request.INVITE), headers.createFromHeader(
                        addresses.createAddress(addresses.createSipURI("alice", "example.org")), "t1"),
                headers.createToHeader(to, null), List.of(headers.createViaHeader("127.0.0.1", 5060, "udp",
                        "z9hG4bK-1")), headers.createMaxForwardsHeader(70));
        Response challenge = messages.createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, invite);
        challenge.addHeader(headers.createHeader("Proxy-Authenticate",
                "Digest realm=\"gw\", nonce=\"n1\", algorithm=MD5-sess, qop=\"auth\""));
        challenge.addHeader(headers.createHeader("Proxy-Authenticate",
                "Digest realm=\"gw\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\", opaque=\"o2\""));
        challenge.addHeader(headers.createHeader("Proxy-Authenticate",
                "Digest realm=\"gw\", nonce=\"n3\", algorithm=MD5, qop=\"auth\""));
        AuthorizationHeader auth = (AuthorizationHeader) DigestAnswer.header(challenge, invite, "trunk", "secret",
                headers).orElseThrow();
        assertThat(auth.getName()).isEqualTo("Proxy-Authorization");
        assertThat(auth.getNonce()).isEqualTo("n2");
        assertThat(auth.getAlgorithm()).isEqualTo("SHA-256");
        assertThat(auth.getOpaque()).isEqualTo("o2");
        String ha1 = DigestClient.hash("SHA-256", "trunk:gw:secret");
        String ha2 = DigestClient.hash("SHA-256", "INVITE:sip:0139635511@gw.example");
        assertThat(auth.getResponse()).isEqualTo(DigestClient.hash("SHA-256",
                ha1 + ":n2:00000001:" + auth.getCNonce() + ":auth:" + ha2));

        Response unsupported = messages.createResponse(Response.UNAUTHORIZED, invite);
        unsupported.addHeader(headers.createHeader("WWW-Authenticate", "Digest realm=\"gw\", nonce=\"n\", "
                + "algorithm=AKAv1-MD5"));
        assertThat(DigestAnswer.header(unsupported, invite, "trunk", "secret", headers)).isEmpty();
    }
}

package org.parloir.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Known-answer vectors: the server's request-digest computation against RFC 7616's worked example. */
class DigestVectorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256"})
    void rfc7616Example(String token) throws Exception {
        Properties v = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/vectors/rfc7616-digest.properties")) {
            v.load(in);
        }
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(token).orElseThrow();
        String ha1 = algorithm.hash(v.getProperty("username") + ":" + v.getProperty("realm") + ":"
                + v.getProperty("password"));
        String response = DigestAuthenticator.responseFor(algorithm, ha1, v.getProperty("nonce"),
                v.getProperty("nc"), v.getProperty("cnonce." + token), "auth", v.getProperty("method"),
                v.getProperty("uri"));
        assertThat(response).isEqualTo(v.getProperty("response." + token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "md5", "MD5", "sha-256", "SHA-256"})
    void algorithmTokens(String token) {
        assertThat(DigestAlgorithm.fromToken(token)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5-sess", "SHA-512-256", "AKAv1-MD5"})
    void unsupportedAlgorithmTokens(String token) {
        assertThat(DigestAlgorithm.fromToken(token)).isEmpty();
    }
}

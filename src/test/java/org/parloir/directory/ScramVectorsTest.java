package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;

/**
 * Known-answer vectors for the stored SCRAM keys: the keys {@link ScramKeys} derives from "pencil" must verify the
 * ClientProof and produce the ServerSignature of the RFC 5802 / RFC 7677 example exchanges, checked the way a
 * server does (RFC 5802 §3): ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage), H(ClientKey) = StoredKey.
 */
class ScramVectorsTest {

    private static final Properties V = new Properties();

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = ScramVectorsTest.class.getResourceAsStream("/vectors/rfc5802-rfc7677-scram.properties")) {
            V.load(in);
        }
    }

    private static String v(ScramAlgorithm algorithm, String key) {
        return V.getProperty(algorithm.name() + "." + key);
    }

    private static ScramCredentials derived(ScramAlgorithm algorithm) {
        return ScramKeys.derive(algorithm, V.getProperty("password"), Base64.getDecoder().decode(v(algorithm, "salt")),
                Integer.parseInt(v(algorithm, "iterations")));
    }

    private static String authMessage(ScramAlgorithm algorithm) {
        return v(algorithm, "client-first-bare") + "," + v(algorithm, "server-first") + ","
                + v(algorithm, "client-final-without-proof");
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void storedKeyVerifiesTheExampleClientProof(ScramAlgorithm algorithm) throws Exception {
        ScramCredentials keys = derived(algorithm);
        byte[] proof = Base64.getDecoder().decode(v(algorithm, "client-proof"));
        byte[] signature = hmac(algorithm, keys.storedKey(), authMessage(algorithm));
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ signature[i]);
        }
        assertThat(MessageDigest.getInstance(algorithm.digest()).digest(clientKey)).isEqualTo(keys.storedKey());
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void serverKeyGivesTheExampleServerSignature(ScramAlgorithm algorithm) throws Exception {
        ScramCredentials keys = derived(algorithm);
        assertThat(Base64.getEncoder().encodeToString(hmac(algorithm, keys.serverKey(), authMessage(algorithm))))
                .isEqualTo(v(algorithm, "server-signature"));
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void theExamplePasswordMatchesAndAnotherDoesNot(ScramAlgorithm algorithm) {
        ScramCredentials keys = derived(algorithm);
        assertThat(ScramKeys.matches(keys, "pencil")).isTrue();
        assertThat(ScramKeys.matches(keys, "pencils")).isFalse();
        assertThat(ScramKeys.matches(keys, "")).isFalse();
    }

    private static byte[] hmac(ScramAlgorithm algorithm, byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance(algorithm.hmac());
        mac.init(new SecretKeySpec(key, algorithm.hmac()));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}

package org.parloir.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.ScramCredentialSource;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;

/**
 * Server side of SCRAM-SHA-1 / SCRAM-SHA-256 without channel binding (RFC 5802 §5, RFC 7677), verified against
 * stored keys only. An unknown user gets a deterministic fake salt so that the exchange does not reveal whether
 * the account exists (RFC 5802 §9), and fails at the end like a wrong password.
 */
final class ScramMechanism implements SaslMechanism {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScramAlgorithm algorithm;
    private final String domain;
    private final ScramCredentialSource source;
    private final byte[] fakeSaltKey;
    private final int fakeIterations;

    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private UserAddress user;
    private String authzid;
    private ScramCredentials credentials;
    private boolean done;

    ScramMechanism(ScramAlgorithm algorithm, String domain, ScramCredentialSource source, byte[] fakeSaltKey,
                   int fakeIterations) {
        this.algorithm = algorithm;
        this.domain = domain;
        this.source = source;
        this.fakeSaltKey = fakeSaltKey;
        this.fakeIterations = fakeIterations;
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] response) {
        if (done) {
            return fail("malformed-request", "exchange already finished");
        }
        String message = new String(response, StandardCharsets.UTF_8);
        return serverFirst == null ? clientFirst(message) : clientFinal(message);
    }

    private CompletionStage<SaslStep> clientFirst(String message) {
        if (message.isEmpty()) {
            return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
        }
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","   (RFC 5802 §7)
        int c1 = message.indexOf(',');
        int c2 = c1 < 0 ? -1 : message.indexOf(',', c1 + 1);
        if (c2 < 0) {
            return fail("malformed-request", "no GS2 header");
        }
        String flag = message.substring(0, c1);
        if (flag.startsWith("p=")) {
            return fail("malformed-request", "channel binding is not offered with this mechanism");
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            return fail("malformed-request", "bad channel binding flag");
        }
        String authz = message.substring(c1 + 1, c2);
        if (!authz.isEmpty() && !authz.startsWith("a=")) {
            return fail("malformed-request", "bad authzid");
        }
        authzid = authz.isEmpty() ? null : unescape(authz.substring(2));
        gs2Header = message.substring(0, c2 + 1);
        clientFirstBare = message.substring(c2 + 1);
        Map<Character, String> attributes = attributes(clientFirstBare);
        if (attributes == null || attributes.containsKey('m') || !attributes.containsKey('n')
                || !attributes.containsKey('r') || attributes.get('r').isEmpty()) {
            return fail("malformed-request", "bad client-first-message");
        }
        String login = unescape(attributes.get('n'));
        if (login == null) {
            return fail("malformed-request", "bad username encoding");
        }
        user = Authzid.account(login, domain);
        nonce = attributes.get('r') + randomNonce();
        CompletionStage<Optional<ScramCredentials>> lookup = user == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : source.scramCredentials(user, algorithm);
        return lookup.thenApply(found -> {
            credentials = found.orElse(null);
            // keyed on the normalised account, so "Bob" and "bob" get the same fake salt as they would a real one
            byte[] salt = credentials != null ? credentials.salt() : fakeSalt(user != null ? user.toString() : login);
            int iterations = credentials != null ? credentials.iterations() : fakeIterations;
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
            return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        });
    }

    private CompletionStage<SaslStep> clientFinal(String message) {
        done = true;
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            return fail("malformed-request", "no proof");
        }
        String withoutProof = message.substring(0, proofAt);
        Map<Character, String> attributes = attributes(withoutProof);
        if (attributes == null || !attributes.containsKey('c') || !attributes.containsKey('r')) {
            return fail("malformed-request", "bad client-final-message");
        }
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!expectedBinding.equals(attributes.get('c')) || !nonce.equals(attributes.get('r'))) {
            return fail("not-authorized", null);
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return fail("malformed-request", "proof is not base64");
        }
        if (credentials == null || proof.length != algorithm.keyLength()) {
            return fail("not-authorized", null);
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        try {
            byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
            byte[] clientSignature = hmac(credentials.storedKey(), authBytes);
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            byte[] storedKey = MessageDigest.getInstance(algorithm.digest()).digest(clientKey);
            if (!MessageDigest.isEqual(storedKey, credentials.storedKey())) {
                return fail("not-authorized", null);
            }
            if (!Authzid.acceptable(authzid, user)) {
                return fail("invalid-authzid", null);
            }
            byte[] serverSignature = hmac(credentials.serverKey(), authBytes);
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
            return CompletableFuture.completedFuture(
                    new SaslStep.Success(user, serverFinal.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm.hmac());
        mac.init(new SecretKeySpec(key, algorithm.hmac()));
        return mac.doFinal(data);
    }

    private byte[] fakeSalt(String login) {
        try {
            byte[] full = hmac(fakeSaltKey, (algorithm.name() + ":" + login).getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(full, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletionStage<SaslStep> fail(String condition, String text) {
        done = true;
        return CompletableFuture.completedFuture(new SaslStep.Failure(condition, text, user));
    }

    private static String randomNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code a=x,b=y} into a map; null when an attribute is malformed or repeated. */
    private static Map<Character, String> attributes(String message) {
        Map<Character, String> map = new LinkedHashMap<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=' || map.put(part.charAt(0), part.substring(2)) != null) {
                return null;
            }
        }
        return map;
    }

    /** saslname: "=2C" is ',' and "=3D" is '='; any other '=' is an error (RFC 5802 §5.1). */
    private static String unescape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=') {
                if (value.startsWith("=2C", i)) {
                    sb.append(',');
                } else if (value.startsWith("=3D", i)) {
                    sb.append('=');
                } else {
                    return null;
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

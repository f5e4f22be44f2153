package org.parloir.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.PasswordVerifier;

/** SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, checked by the domain's password verifier. */
final class PlainMechanism implements SaslMechanism {

    private final String domain;
    private final PasswordVerifier verifier;

    PlainMechanism(String domain, PasswordVerifier verifier) {
        this.domain = domain;
        this.verifier = verifier;
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] response) {
        if (response.length == 0) {
            return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
        }
        String message = new String(response, StandardCharsets.UTF_8);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            return failure("malformed-request", "expected authzid NUL authcid NUL password", null);
        }
        String authzid = message.substring(0, first);
        UserAddress user = Authzid.account(message.substring(first + 1, second), domain);
        String password = message.substring(second + 1);
        if (user == null) {
            return failure("not-authorized", null, null);
        }
        if (password.isEmpty()) {
            return failure("not-authorized", null, user);
        }
        if (!Authzid.acceptable(authzid, user)) {
            return failure("invalid-authzid", null, user);
        }
        return verifier.verifyPassword(user, password).thenApply(ok -> ok
                ? new SaslStep.Success(user, null)
                : new SaslStep.Failure("not-authorized", null, user));
    }

    private static CompletionStage<SaslStep> failure(String condition, String text, UserAddress user) {
        return CompletableFuture.completedFuture(new SaslStep.Failure(condition, text, user));
    }
}

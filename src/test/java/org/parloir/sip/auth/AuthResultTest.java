package org.parloir.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parloir.sip.api.Refusal;

/** One mapping of authentication outcomes to refusals, for the registrar (401) and the proxy (407) alike. */
class AuthResultTest {

    @Test
    void aChallengeIs401FromTheRegistrarAnd407FromTheProxy() {
        // RFC 3261 §22.1: a registrar or UAS challenges with 401; §22.3: a proxy with 407
        assertThat(new AuthResult.Challenge(false).refusal(false)).isEqualTo(new Refusal.Challenge(false, false));
        assertThat(new AuthResult.Challenge(true).refusal(true)).isEqualTo(new Refusal.Challenge(true, true));
        assertThat(new AuthResult.Challenge(false).refusal(false).status()).isEqualTo(401);
        assertThat(new AuthResult.Challenge(false).refusal(true).status()).isEqualTo(407);
    }

    @Test
    void wrongCredentialsAre403WithoutTheReasonOnTheWire() {
        Refusal refusal = new AuthResult.Forbidden("digest of alice for bob").refusal(true);
        assertThat(refusal.status()).isEqualTo(403);
        assertThat(refusal.phrase()).isEqualTo("Forbidden");
    }

    @Test
    void anUnreachableDirectoryIs503WithRetryAfter() {
        assertThat(new AuthResult.Unavailable("timeout").refusal(false))
                .isEqualTo(new Refusal.ServiceUnavailable("Directory unavailable", 5));
    }
}

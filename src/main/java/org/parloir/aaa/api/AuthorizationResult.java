package org.parloir.aaa.api;

/** What the AAA server said of a PSTN call; the SIP side maps it to 403 / 503 / proceed in one place. */
public sealed interface AuthorizationResult {

    /** Access-Accept, with the policy attributes of the reply. */
    record Accept(CallPolicy policy) implements AuthorizationResult {
    }

    /** Access-Reject (wrong digest, user not allowed), or a policy of ours refusing the number. */
    record Reject(String reason) implements AuthorizationResult {
    }

    /** No AAA server answered (every configured server timed out or failed). */
    record Unavailable(String reason) implements AuthorizationResult {
    }
}

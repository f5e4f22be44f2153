package org.parloir.sip.auth;

import org.parloir.core.UserAddress;

/** What authenticating one request found; the registrar and the proxy map it to a response in one place each. */
public sealed interface AuthResult {

    /** The request carries valid credentials of {@code user}. */
    record Authenticated(UserAddress user, DigestAlgorithm algorithm) implements AuthResult {
    }

    /** No usable credentials: answer 401/407 with a fresh challenge ({@code stale} per RFC 2617 §3.2.1). */
    record Challenge(boolean stale) implements AuthResult {
    }

    /** Credentials were checked and are wrong, or do not belong to the claimed identity: 403. */
    record Forbidden(String reason) implements AuthResult {
    }

    /** The directory could not be asked in time: 503 with Retry-After. */
    record Unavailable(String reason) implements AuthResult {
    }
}

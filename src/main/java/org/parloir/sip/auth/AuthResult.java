package org.parloir.sip.auth;

import org.parloir.core.UserAddress;
import org.parloir.sip.api.Refusal;

/** What authenticating one request found; every outcome but success is a {@link Refused} with its refusal. */
public sealed interface AuthResult {

    /** The request carries valid credentials of {@code user}. */
    record Authenticated(UserAddress user, DigestAlgorithm algorithm) implements AuthResult {
    }

    /** The outcomes that refuse the request, mapped to a response here for the registrar and the proxy alike. */
    sealed interface Refused extends AuthResult {

        /**
         * @param proxy the proxy asks (407 and Proxy-Authenticate, RFC 3261 §22.3) rather than a registrar or UAS
         *              (401 and WWW-Authenticate, §22.1)
         */
        Refusal refusal(boolean proxy);
    }

    /** No usable credentials: answer 401/407 with a fresh challenge ({@code stale} per RFC 2617 §3.2.1). */
    record Challenge(boolean stale) implements Refused {
        public Refusal refusal(boolean proxy) {
            return new Refusal.Challenge(proxy, stale);
        }
    }

    /**
     * Credentials were checked and are wrong, or do not belong to the claimed identity: 403 (§22.4: a retry with
     * the same credentials would fail). {@code reason} is for our log, never for the wire.
     */
    record Forbidden(String reason) implements Refused {
        public Refusal refusal(boolean proxy) {
            return Refusal.FORBIDDEN;
        }
    }

    /** The directory could not be asked in time: 503 with Retry-After. */
    record Unavailable(String reason) implements Refused {
        public Refusal refusal(boolean proxy) {
            return Refusal.DIRECTORY_UNAVAILABLE;
        }
    }
}

package org.parloir.aaa.api;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether an authenticated user may place a PSTN call (RFC 2865 Access-Request, or RFC 5090 when the
 * digest itself is checked by the AAA server). Never blocks the caller: the stage completes on the AAA client's
 * own threads, with {@link AuthorizationResult.Unavailable} when every server timed out.
 */
public interface CallAuthorizer {

    CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request);

    /**
     * Whether callers of {@code domain} have their digest verified by the AAA server (RFC 5090): the SIP side then
     * checks only the nonce (ours, fresh, not replayed) and sends the response here, in the same Access-Request
     * that authorises the call. False: the digest is verified locally and the request only authorises.
     */
    boolean verifiesDigest(String domain);
}

package org.parloir.aaa.api;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether an authenticated user may place a PSTN call (RFC 2865 Access-Request, or RFC 5090 when the
 * digest itself is checked by the AAA server). Never blocks the caller: the stage completes on the AAA client's
 * own threads, with {@link AuthorizationResult.Unavailable} when every server timed out.
 */
public interface CallAuthorizer {

    CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request);
}

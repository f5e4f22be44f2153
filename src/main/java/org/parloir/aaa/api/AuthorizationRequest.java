package org.parloir.aaa.api;

import java.util.Optional;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;

/**
 * One PSTN call to authorise.
 *
 * @param caller         the authenticated caller
 * @param username       the name the caller authenticated with (digest username), sent as User-Name
 * @param callingStation the caller's SIP URI (Calling-Station-Id)
 * @param called         the dialled number (Called-Station-Id)
 * @param callId         SIP Call-ID, for logs and Acct-Session-Id correlation
 * @param digest         the caller's digest response when the AAA server verifies it (RFC 5090); empty when the
 *                       caller was verified locally and this is an authorisation-only request
 */
public record AuthorizationRequest(UserAddress caller, String username, String callingStation, E164 called,
                                   String callId, Optional<DigestResponse> digest) {
}

package org.parloir.cdr.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One call attempt the server routed (proxied or through the B2BUA), as it is recorded once it has ended.
 *
 * @param callId           SIP Call-ID of the caller's leg
 * @param callerAor        caller's address of record from From (e.g. {@code sip:alice@example.org}), as sent
 * @param callerIdentity   the identity the caller authenticated as ({@code alice@example.org}), null when anonymous
 * @param dialledUri       Request-URI the caller sent
 * @param translatedNumber E.164 number the call was routed to (directory or PSTN), null otherwise
 * @param route            how it was routed
 * @param gateway          name of the PSTN gateway that took the call, null when none
 * @param startTime        when the INVITE arrived
 * @param answerTime       when it was answered (2xx), null when never
 * @param endTime          when it ended (BYE, final failure, CANCEL)
 * @param status           the final SIP status given to the caller (200 for an answered call)
 * @param hungUpBy         who ended it
 * @param radiusSessionId  Acct-Session-Id of its RADIUS accounting, null when not accounted
 */
public record CallDetail(String callId, String callerAor, String callerIdentity, String dialledUri,
                         String translatedNumber, CallRoute route, String gateway, Instant startTime,
                         Instant answerTime, Instant endTime, int status, HangupParty hungUpBy,
                         String radiusSessionId) {

    /** Talk time: answer to end, zero for an unanswered call. */
    public Duration duration() {
        return answerTime == null || endTime == null ? Duration.ZERO : Duration.between(answerTime, endTime);
    }
}

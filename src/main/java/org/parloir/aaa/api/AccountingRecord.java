package org.parloir.aaa.api;

import java.time.Duration;
import java.util.Optional;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;

/**
 * What one Accounting-Request says of a call.
 *
 * @param sessionId      Acct-Session-Id (also kept in the CDR)
 * @param caller         User-Name is its digest username
 * @param username       digest username of the caller
 * @param callingStation caller's SIP URI (Calling-Station-Id)
 * @param called         number dialled (Called-Station-Id)
 * @param callId         SIP Call-ID of the caller's leg
 * @param sessionTime    Acct-Session-Time so far (zero on Start)
 * @param terminateCause Acct-Terminate-Cause on Stop (e.g. "User-Request", "Session-Timeout", "Admin-Reset")
 * @param callClass      the Class of the Access-Accept, echoed
 */
public record AccountingRecord(String sessionId, UserAddress caller, String username, String callingStation,
                               E164 called, String callId, Duration sessionTime, Optional<TerminateCause> terminateCause,
                               Optional<byte[]> callClass) {

    /** RFC 2866 §5.10 values we use. */
    public enum TerminateCause {
        USER_REQUEST(1), LOST_SERVICE(3), IDLE_TIMEOUT(4), SESSION_TIMEOUT(5), ADMIN_RESET(6), NAS_ERROR(9),
        NAS_REQUEST(10);

        public final int code;

        TerminateCause(int code) {
            this.code = code;
        }
    }
}

package org.parloir.aaa.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The per-user policy an Access-Accept carries, in standard RFC 2865 attributes so any RADIUS server can send it:
 *
 * @param filterId       Filter-Id: the name of a call policy configured here ({@code parloir.aaa.policies.<name>})
 *                       that lists the prefixes this user may dial; empty = no restriction beyond the deny list
 * @param allowedPrefixes E.164 prefixes ({@code +33}, {@code +331}) the named policy allows; empty = any
 * @param maxDuration    Session-Timeout: the longest this call may last; empty = the server's default
 * @param callClass      Class, echoed in every Accounting-Request of the call (RFC 2865 §5.25) and kept in the CDR
 */
public record CallPolicy(Optional<String> filterId, List<String> allowedPrefixes, Optional<Duration> maxDuration,
                         Optional<byte[]> callClass) {

    public static CallPolicy unrestricted() {
        return new CallPolicy(Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    /** May this policy's holder dial {@code e164}? */
    public boolean allows(String e164) {
        return allowedPrefixes.isEmpty() || allowedPrefixes.stream().anyMatch(e164::startsWith);
    }
}

package org.parloir.cdr;

import java.util.UUID;
import org.parloir.cdr.api.CallDetail;

/**
 * A record as taken: the call detail and the unique id it was given then, which makes writes idempotent (a record
 * replayed from the spool after its first write did commit is not inserted twice).
 */
record CdrRecord(String recordId, CallDetail detail) {

    static CdrRecord take(CallDetail detail) {
        return new CdrRecord(UUID.randomUUID().toString(), detail);
    }
}

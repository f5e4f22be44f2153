package org.parloir.cdr;

import java.time.Instant;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.HangupParty;

/** Call details for tests: call {@code n} started {@code n} seconds after a fixed instant. */
final class Cdrs {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Cdrs() {
    }

    static CallDetail call(int n) {
        return call(n, "call-" + n + "@10.0.0.1", "alice");
    }

    /** Call {@code n} with its own Call-ID, made by {@code caller}@example.org. */
    static CallDetail call(int n, String callId, String caller) {
        Instant start = T0.plusSeconds(n);
        return new CallDetail(callId, "sip:" + caller + "@example.org", caller + "@example.org",
                "sip:+33123456" + n + "@example.org", "+33123456" + n, CallRoute.PSTN, "trunk-a", start,
                start.plusSeconds(2), start.plusSeconds(62), 200, HangupParty.CALLER, "acct-" + n);
    }
}

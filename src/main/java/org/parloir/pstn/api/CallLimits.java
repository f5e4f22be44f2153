package org.parloir.pstn.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;

/**
 * Per-user limits on PSTN calls against toll fraud: concurrent calls, calls per hour, international calls per day.
 * Answers from memory (no I/O): callable on SIP threads.
 */
public interface CallLimits {

    /** Which limit refused a call. */
    enum Limit {
        CONCURRENT("Too many simultaneous calls"),
        HOURLY("Hourly call limit reached"),
        INTERNATIONAL("Daily international call limit reached");

        private final String reason;

        Limit(String reason) {
            this.reason = reason;
        }

        /** The SIP reason phrase of the 403. */
        public String reason() {
            return reason;
        }
    }

    /** The outcome of {@link #admit}. */
    sealed interface Admission {
    }

    /** The call may be placed; {@code release} must run once when it is over, however it ends (idempotent). */
    record Admitted(Runnable release) implements Admission {
    }

    record Refused(Limit limit) implements Admission {
    }

    /**
     * Counts a call of {@code caller} to {@code number} against the limits of its domain (whose routing region is
     * {@code region}, ISO or ZZ) and of the call policy the AAA server named, if any.
     */
    Admission admit(UserAddress caller, E164 number, String region, Optional<String> policy);

    /** A user refused by a limit in the last 24 hours: what an administrator should look at. */
    record Breach(String user, Limit limit, long refused, Instant last) {
    }

    List<Breach> breaches();
}

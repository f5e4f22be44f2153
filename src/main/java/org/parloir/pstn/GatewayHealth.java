package org.parloir.pstn;

import java.time.Clock;
import java.time.Instant;

/**
 * Up/down view of one gateway. Starts up (calls may go before the first ping answers); {@code failuresToDown}
 * consecutive failures (calls or pings) take it down, one success brings it back. Thread-safe.
 */
final class GatewayHealth {

    private final int failuresToDown;
    private final Clock clock;
    private boolean up = true;
    private Instant since;
    private String lastError;
    private int failures;

    GatewayHealth(int failuresToDown, Clock clock) {
        this.failuresToDown = failuresToDown;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** @return true when this took the gateway up */
    synchronized boolean success() {
        failures = 0;
        if (up) {
            return false;
        }
        up = true;
        since = clock.instant();
        lastError = null;
        return true;
    }

    /** @return true when this took the gateway down */
    synchronized boolean failure(String error) {
        failures++;
        if (!up) {
            lastError = error;
            return false;
        }
        if (failures < failuresToDown) {
            return false;
        }
        up = false;
        since = clock.instant();
        lastError = error;
        return true;
    }

    /** The state at one instant. */
    record Snapshot(boolean up, Instant since, String lastError) {
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(up, since, lastError);
    }

    synchronized boolean up() {
        return up;
    }
}

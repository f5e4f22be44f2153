package org.parloir.pstn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.parloir.pstn.spi.TrunkCredentials;
import org.parloir.pstn.spi.TrunkSignalling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one account registered at an ITSP (RFC 3261 §10.2): registers at start, refreshes at 80 % of the expiry
 * the registrar granted (§10.2.4: before it runs out), retries a failure after 5 s doubling up to 5 min, and
 * unregisters at shutdown. Thread-safe; never blocks.
 */
final class TrunkRegistration {

    private static final Logger log = LoggerFactory.getLogger(TrunkRegistration.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final String gateway;
    private final GatewayAddress at;
    private final TrunkCredentials credentials;
    private final Duration expires;
    private final TrunkSignalling signalling;
    private final Timers timers;
    private final Clock clock;
    private String state = "registering";
    private Instant until;
    private int failures;
    private Runnable pending = () -> { };
    private boolean stopped;

    TrunkRegistration(String gateway, GatewayAddress at, TrunkCredentials credentials, Duration expires,
                      TrunkSignalling signalling, Timers timers, Clock clock) {
        this.gateway = gateway;
        this.at = at;
        this.credentials = credentials;
        this.expires = expires;
        this.signalling = signalling;
        this.timers = timers;
        this.clock = clock;
    }

    void start() {
        send();
    }

    private void send() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        try {
            signalling.register(at.host(), at.port(), at.transport(), credentials, expires)
                    .whenComplete(this::done);
        } catch (RuntimeException e) {
            done(null, e); // retried like any failure, so the refresh loop never dies
        }
    }

    private synchronized void done(Duration granted, Throwable error) {
        if (stopped) {
            return;
        }
        if (error == null) {
            boolean wasFailing = until == null || failures > 0;
            failures = 0;
            until = clock.instant().plus(granted);
            state = "registered, expires " + until;
            if (wasFailing) {
                log.info("PSTN gateway {}: registered as {} for {}s", gateway, credentials.username(),
                        granted.toSeconds());
            }
            Duration refresh = Duration.ofMillis(Math.max(granted.toMillis() * 8 / 10, 1000));
            pending = timers.schedule(this::send, refresh);
        } else {
            failures++;
            Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
            wait = wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
            String reason = reason(error);
            state = "failed: " + reason + " (retry in " + wait.toSeconds() + "s)";
            log.warn("PSTN gateway {}: registration as {} failed: {}; retry in {}s", gateway,
                    credentials.username(), reason, wait.toSeconds());
            pending = timers.schedule(this::send, wait);
        }
    }

    static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** Stops refreshing and, when registered, unregisters; the stage completes when the registrar answered. */
    CompletionStage<?> stop() {
        boolean registered;
        synchronized (this) {
            stopped = true;
            pending.run();
            registered = until != null && until.isAfter(clock.instant());
            state = "unregistered";
        }
        if (!registered) {
            return CompletableFuture.completedFuture(null);
        }
        return signalling.register(at.host(), at.port(), at.transport(), credentials, Duration.ZERO);
    }

    synchronized String state() {
        return state;
    }
}

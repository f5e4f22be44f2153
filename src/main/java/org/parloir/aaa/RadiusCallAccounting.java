package org.parloir.aaa;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.aaa.api.CallAccounting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends Accounting-Requests to the configured servers' accounting ports, in failover order. */
final class RadiusCallAccounting implements CallAccounting {

    private static final Logger log = LoggerFactory.getLogger(RadiusCallAccounting.class);

    private final Failover servers;
    private final BoundedSends sends;
    private final NasIdentity nas;
    private final SessionIds sessionIds;
    private final Clock clock;
    private final java.time.Duration interimInterval;

    RadiusCallAccounting(Failover servers, BoundedSends sends, NasIdentity nas, SessionIds sessionIds, Clock clock,
                         java.time.Duration interimInterval) {
        this.interimInterval = interimInterval;
        this.servers = servers;
        this.sends = sends;
        this.nas = nas;
        this.sessionIds = sessionIds;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public java.time.Duration interimInterval() {
        return interimInterval;
    }

    @Override
    public String newSessionId() {
        return sessionIds.next();
    }

    @Override
    public CompletionStage<Void> start(AccountingRecord record) {
        return send(AccountingRequests.Status.START, record);
    }

    @Override
    public CompletionStage<Void> interim(AccountingRecord record) {
        return send(AccountingRequests.Status.INTERIM_UPDATE, record);
    }

    @Override
    public CompletionStage<Void> stop(AccountingRecord record) {
        return send(AccountingRequests.Status.STOP, record);
    }

    private CompletionStage<Void> send(AccountingRequests.Status status, AccountingRecord record) {
        Instant event = clock.instant();
        return sends.supply(() -> servers.exchange(
                        () -> AccountingRequests.build(status, record, nas, event, clock.instant())))
                .thenAccept(exchange -> {
                    if (exchange instanceof Exchange.NoAnswer none) {
                        throw new IllegalStateException("no RADIUS accounting server acknowledged " + status
                                + " of session " + record.sessionId() + ": " + none.reason());
                    }
                })
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        log.warn("accounting {} of session {} (call {}) lost: {}", status, record.sessionId(),
                                record.callId(), cause instanceof TimeoutException ? "RADIUS timeout"
                                        : cause.getMessage());
                    }
                });
    }
}

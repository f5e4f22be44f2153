package org.parloir.aaa;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.aaa.api.CallAccounting;

/** No RADIUS server configured: calls are recorded in CDRs only; session ids are still unique for the CDRs. */
final class DisabledAccounting implements CallAccounting {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    private final SessionIds sessionIds;

    DisabledAccounting(SessionIds sessionIds) {
        this.sessionIds = sessionIds;
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public java.time.Duration interimInterval() {
        return java.time.Duration.ZERO;
    }

    @Override
    public String newSessionId() {
        return sessionIds.next();
    }

    @Override
    public CompletionStage<Void> start(AccountingRecord record) {
        return DONE;
    }

    @Override
    public CompletionStage<Void> interim(AccountingRecord record) {
        return DONE;
    }

    @Override
    public CompletionStage<Void> stop(AccountingRecord record) {
        return DONE;
    }
}

package org.parloir.sip.b2bua;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.core.UserAddress;

/**
 * The RADIUS accounting of one answered B2BUA call (RFC 2866): a Start when the callee answers, an Interim-Update
 * on a timer while the call is up, a Stop when it ends, all under one Acct-Session-Id. Kept apart from
 * {@link B2buaCall} because it is the call's only conversation with the AAA server, and that conversation has an
 * order to keep (see {@link #account}). Started and stopped with the call's lock held; the interim timer takes it.
 */
final class CallAccountingSession {

    private final B2buaCall call;
    private final B2buaContext ctx;
    private String acctSessionId;
    private CompletionStage<Void> accounting = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> interimTimer;

    CallAccountingSession(B2buaCall call, B2buaContext ctx) {
        this.call = call;
        this.ctx = ctx;
    }

    /** The Acct-Session-Id, null when the call was not accounted (not answered, or accounting off). */
    String sessionId() {
        return acctSessionId;
    }

    void start() {
        if (!call.spec.accounted() || !ctx.accounting().enabled()) {
            return;
        }
        acctSessionId = ctx.accounting().newSessionId();
        AccountingRecord start = accountingRecord(Optional.empty());
        account(() -> ctx.accounting().start(start));
        long interim = ctx.accounting().interimInterval().toMillis();
        if (interim > 0) {
            interimTimer = ctx.timers().scheduleAtFixedRate(() -> {
                synchronized (call) {
                    if (call.state() == B2buaCall.State.ANSWERED) {
                        AccountingRecord interimRecord = accountingRecord(Optional.empty());
                        account(() -> ctx.accounting().interim(interimRecord));
                    }
                }
            }, interim, interim, TimeUnit.MILLISECONDS);
        }
    }

    /** The call is over: no more Interim-Updates, and the Stop if a Start went out. */
    void stop(AccountingRecord.TerminateCause cause) {
        if (interimTimer != null) {
            interimTimer.cancel(false);
        }
        if (acctSessionId != null) {
            AccountingRecord stop = accountingRecord(Optional.of(cause));
            account(() -> ctx.accounting().stop(stop));
        }
    }

    /**
     * Sends one Accounting-Request after the previous one of this call was answered (or given up): a short call's
     * Stop must not overtake its Start (RFC 2866 servers pair them by order of arrival in their logs).
     */
    private void account(Supplier<CompletionStage<Void>> request) {
        accounting = accounting.handle((ok, error) -> null).thenCompose(ignored -> request.get());
    }

    private AccountingRecord accountingRecord(Optional<AccountingRecord.TerminateCause> cause) {
        Instant answerTime = call.answerTime();
        Instant endTime = call.endTime();
        Instant until = endTime != null ? endTime : Instant.now();
        Duration time = answerTime == null ? Duration.ZERO : Duration.between(answerTime, until);
        CallSpec spec = call.spec;
        UserAddress who = spec.callerIdentity() == null ? null : UserAddress.parse(spec.callerIdentity());
        return new AccountingRecord(acctSessionId, who, spec.username(), call.fromUri(), spec.number(),
                call.callId(), time, cause, Optional.ofNullable(spec.callClass()));
    }
}

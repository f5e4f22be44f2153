package org.parloir.aaa.api;

import java.util.concurrent.CompletionStage;

/**
 * RFC 2866 accounting of PSTN calls: Start when the call is answered, Interim-Update every
 * {@code parloir.aaa.interim-interval} while it lasts, Stop when it ends. Sending is asynchronous with
 * retransmission and failover; the stages complete when a server acknowledged (or exceptionally when none did,
 * which is logged and counted — the CDR still holds the call).
 */
public interface CallAccounting {

    /** False when no accounting server is configured: calls are then recorded in CDRs only. */
    boolean enabled();

    /** How often an answered call sends Interim-Update; zero = never. */
    java.time.Duration interimInterval();

    /** A new Acct-Session-Id, unique across restarts of this server. */
    String newSessionId();

    CompletionStage<Void> start(AccountingRecord record);

    CompletionStage<Void> interim(AccountingRecord record);

    CompletionStage<Void> stop(AccountingRecord record);
}

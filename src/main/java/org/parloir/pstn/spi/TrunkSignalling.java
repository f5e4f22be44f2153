package org.parloir.pstn.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The SIP requests a trunk adapter needs apart from calls, sent by the SIP context on its behalf (so adapters
 * know nothing of the SIP stack). Stages complete on SIP threads: do not block in them.
 */
public interface TrunkSignalling {

    /**
     * OPTIONS to {@code host:port} over {@code transport}; completes with the final status code, or 408 when no
     * final response came in time (transaction timeout or transport error); exceptionally only when the request
     * cannot leave this server at all (no listening point for {@code transport}).
     */
    CompletionStage<Integer> options(String host, int port, String transport);

    /**
     * REGISTER {@code sip:username@domain} at {@code host:port}, answering a 401/407 challenge with
     * {@code credentials}; {@code expires} zero unregisters. Completes with the expiry the registrar granted, or
     * exceptionally with a message naming the failure (status, timeout).
     */
    CompletionStage<Duration> register(String host, int port, String transport, TrunkCredentials credentials,
                                       Duration expires);
}

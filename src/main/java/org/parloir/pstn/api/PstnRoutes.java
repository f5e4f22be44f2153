package org.parloir.pstn.api;

import java.util.List;
import org.parloir.core.E164;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.pstn.spi.GatewayTarget;

/**
 * The PSTN as the SIP side sees it: every adapter behind one facade, plus the site's deny list. Answers from
 * memory (no I/O), so it may be called on SIP threads.
 */
public interface PstnRoutes {

    /** False until some adapter has a gateway: calls that need the PSTN then get 503. */
    boolean enabled();

    /** On the deny list ({@code parloir.pstn.deny-prefixes}, premium rates): refused whoever calls. */
    boolean denied(E164 number);

    /** Gateways to try, in order, across all adapters; empty when none routes this number or it is denied. */
    List<GatewayTarget> candidates(E164 number);

    void report(GatewayTarget target, AttemptOutcome outcome);

    List<GatewayStatus> status();
}

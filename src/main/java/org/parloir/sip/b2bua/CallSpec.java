package org.parloir.sip.b2bua;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.parloir.cdr.api.CallRoute;
import org.parloir.core.E164;
import org.parloir.pstn.spi.GatewayTarget;

/**
 * What the B2BUA needs to place a gateway call for a caller.
 *
 * @param route          DIRECTORY (SIP.edu) or PSTN (nomadic)
 * @param number         the number called
 * @param callerIdentity the caller's authenticated address ({@code alice@example.org}), null when anonymous
 * @param username       the caller's digest username (RADIUS User-Name), null when anonymous
 * @param hideNumber     the caller must not learn {@code number}
 * @param maxDuration    the call is ended after this long
 * @param accounted      RADIUS accounting for this call
 * @param callClass      RADIUS Class to echo in accounting, null when none
 * @param gateways       gateways to try, in order
 * @param startTime      when the caller's INVITE arrived
 * @param onEnd          runs once when the call is over, however it ends (the caller's PSTN limit slot)
 */
record CallSpec(CallRoute route, E164 number, String callerIdentity, String username, boolean hideNumber,
                Duration maxDuration, boolean accounted, byte[] callClass, List<GatewayTarget> gateways,
                Instant startTime, Runnable onEnd) {
}

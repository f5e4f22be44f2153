package org.parloir.sip.b2bua;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.parloir.cdr.api.CallRoute;
import org.parloir.core.E164;
import org.parloir.pstn.spi.GatewayTarget;

/**
 * What the B2BUA needs to place a call for a caller: to a number through gateways, or to a person's devices.
 *
 * @param route          DIRECTORY (SIP.edu), PSTN (nomadic) or BRIDGE (a Jingle caller, or a Jingle callee)
 * @param number         the number called; null for a call to a person's Jingle devices
 * @param callerIdentity the caller's authenticated address ({@code alice@example.org}), null when anonymous
 * @param username       the caller's digest username (RADIUS User-Name), null when anonymous
 * @param hideNumber     the caller must not learn {@code number}
 * @param maxDuration    the call is ended after this long
 * @param accounted      RADIUS accounting for this call
 * @param callClass      RADIUS Class to echo in accounting, null when none
 * @param gateways       gateways to try, in order
 * @param startTime      when the caller's INVITE arrived
 * @param onEnd          runs once when the call is over, however it ends (the caller's PSTN limit slot)
 * @param person         the person whose devices are rung instead of gateways; null for gateway calls
 */
record CallSpec(CallRoute route, E164 number, String callerIdentity, String username, boolean hideNumber,
                Duration maxDuration, boolean accounted, byte[] callClass, List<GatewayTarget> gateways,
                Instant startTime, Runnable onEnd, PersonTarget person) {

    CallSpec(CallRoute route, E164 number, String callerIdentity, String username, boolean hideNumber,
             Duration maxDuration, boolean accounted, byte[] callClass, List<GatewayTarget> gateways,
             Instant startTime, Runnable onEnd) {
        this(route, number, callerIdentity, username, hideNumber, maxDuration, accounted, callClass, gateways,
                startTime, onEnd, null);
    }

    /** The number as the CDR and accounting write it; null for a call to a person. */
    String numberValue() {
        return number == null ? null : number.value();
    }

    /**
     * A call to a person (issue 11): their Jingle clients, rung by the bridge, and/or their registered SIP devices,
     * rung through our own proxy ({@link GatewayAttempts#tryDevices}); the first answer wins.
     *
     * @param aor           the person, {@code alice@example.org}
     * @param fallback      devices-then-phone: when no device answers (nor declines), the caller's INVITE goes on to
     *                      the person's directory number; null when the call ends there
     * @param jingleDevices the bridge rings the person's Jingle clients
     * @param sipDevices    the person's SIP devices ring too
     */
    record PersonTarget(String aor, java.util.function.Consumer<CallerSide> fallback, boolean jingleDevices,
                        boolean sipDevices) {
    }
}

package org.parloir.sip.b2bua;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.parloir.aaa.api.CallAccounting;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.sip.CallMetrics;
import org.parloir.sip.SipProperties;
import org.parloir.sip.api.JingleDevices;
import org.parloir.sip.routing.DeviceLegs;

/**
 * What every call of the B2BUA shares.
 *
 * @param jingle     the bridge's Jingle devices (issue 11), looked up when a call needs them; gives null without a bridge
 * @param deviceLegs how a call to a person reaches their SIP devices while the bridge rings their Jingle clients
 */
record B2buaContext(LegMessages messages, ScheduledExecutorService timers, PstnRoutes pstn,
                    CallAccounting accounting, CdrRecorder cdrs, CallMetrics metrics, SipProperties.B2bua props,
                    GatewayChallenges challenges, CallTable table, Supplier<JingleDevices> jingle,
                    DeviceLegs deviceLegs) {
}

package org.parloir.sip.b2bua;

import java.util.concurrent.ScheduledExecutorService;
import org.parloir.aaa.api.CallAccounting;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.sip.CallMetrics;
import org.parloir.sip.SipProperties;

/** What every call of the B2BUA shares. */
record B2buaContext(LegMessages messages, ScheduledExecutorService timers, PstnRoutes pstn,
                    CallAccounting accounting, CdrRecorder cdrs, CallMetrics metrics, SipProperties.B2bua props,
                    GatewayChallenges challenges, CallTable table) {
}

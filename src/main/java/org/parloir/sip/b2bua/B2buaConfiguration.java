package org.parloir.sip.b2bua;

import java.util.concurrent.ScheduledExecutorService;
import org.parloir.aaa.api.CallAccounting;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.cdr.api.CdrRecorder;
import org.parloir.core.DomainsProperties;
import org.parloir.directory.api.UserDirectory;
import org.parloir.pstn.api.CallLimits;
import org.parloir.pstn.api.PstnRoutes;
import org.parloir.sip.CallMetrics;
import org.parloir.sip.Replies;
import org.parloir.sip.SipProperties;
import org.parloir.sip.routing.DeviceLegs;
import org.parloir.sip.stack.SipStackService;
import org.parloir.sip.trunk.DigestAnswer;
import org.parloir.sip.api.BridgedCalls;
import org.parloir.sip.api.JingleDevices;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the B2BUA and the set-up of gateway calls. */
@Configuration(proxyBeanMethods = false)
public class B2buaConfiguration {

    @Bean
    B2bua b2bua(SipStackService sip, ScheduledExecutorService sipTimers, PstnRoutes pstn, CallAccounting accounting,
                CdrRecorder cdrs, CallMetrics metrics, SipProperties props, Replies replies,
                ObjectProvider<JingleDevices> jingle, DeviceLegs deviceLegs) {
        LegMessages messages = new LegMessages(sip.messageFactory(), sip.headerFactory(), sip.addressFactory(),
                sip.local(), sip.provider(), replies.responses());
        GatewayChallenges challenges = (challenge, request, credentials) -> DigestAnswer.header(challenge, request,
                credentials.username(), credentials.password(), sip.headerFactory());
        return new B2bua(new B2buaContext(messages, sipTimers, pstn, accounting, cdrs, metrics, props.b2bua(),
                challenges, new CallTable(), jingle::getIfAvailable, deviceLegs));
    }

    @Bean
    CallSetup callSetup(UserDirectory directory, PstnRoutes pstn, CallAuthorizer authorizer, CdrRecorder cdrs,
                        SipProperties props, B2bua b2bua, Replies replies, CallLimits limits,
                        DomainsProperties domains) {
        return new CallSetup(directory, pstn, authorizer, cdrs, props, b2bua, replies, limits, domains);
    }

    /** The Jingle bridge's calls to numbers (issue 11): B2BUA calls whose caller is a Jingle session. */
    @Bean
    BridgedCalls bridgedCalls(CallSetup setup, B2bua b2bua) {
        return new BridgedCallService(setup, b2bua.context().messages(), b2bua.context().timers());
    }
}

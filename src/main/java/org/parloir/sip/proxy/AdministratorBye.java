package org.parloir.sip.proxy;

import java.text.ParseException;
import java.util.ArrayList;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.parloir.sip.ClientTransactionCallback;
import org.parloir.sip.SipHops;
import org.parloir.sip.SipProperties;
import org.parloir.sip.stack.LocalEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An administrator's BYE into a proxied dialog, as if sent by the other party. A proxy is no party to the dialog
 * it record-routes, so it builds the request from what {@link ProxiedDialog} remembers (RFC 3261 §12.2.1.1: the
 * peer's target as Request-URI, the route set as Route, a CSeq above any the sender used) and sends it on a client
 * transaction of its own, whose answer it does not need.
 */
final class AdministratorBye implements ProxiedCalls.Byes {

    private static final Logger log = LoggerFactory.getLogger(AdministratorBye.class);
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final LocalEndpoint local;
    private final SipProperties props;
    private final ViaBranches branches;

    AdministratorBye(SipProvider provider, MessageFactory messages, HeaderFactory headers, LocalEndpoint local,
                     SipProperties props, ViaBranches branches) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.local = local;
        this.props = props;
        this.branches = branches;
    }

    @Override
    public void send(ProxiedDialog d, boolean toCallee) {
        try {
            Address from = (Address) (toCallee ? d.caller : d.callee).clone();
            Address to = (Address) (toCallee ? d.callee : d.caller).clone();
            Request bye = messages.createRequest((URI) (toCallee ? d.calleeTarget : d.callerTarget).clone(),
                    Request.BYE, headers.createCallIdHeader(d.callId),
                    headers.createCSeqHeader(toCallee ? d.nextCallerCseq() : d.nextCalleeCseq(), Request.BYE),
                    headers.createFromHeader(from, toCallee ? d.callerTag : d.calleeTag),
                    headers.createToHeader(to, toCallee ? d.calleeTag : d.callerTag), new ArrayList<>(),
                    headers.createMaxForwardsHeader(props.proxy().maxForwards()));
            for (Address hop : toCallee ? d.towardCallee : d.towardCaller) {
                bye.addHeader(headers.createRouteHeader((Address) hop.clone()));
            }
            String transport = SipHops.transport(bye);
            ViaHeader via = headers.createViaHeader(local.host(), local.port(transport), transport,
                    branches.next("bye"));
            via.setRPort();
            bye.addHeader(via);
            ClientTransaction ct = provider.getNewClientTransaction(bye);
            ct.setApplicationData(ClientTransactionCallback.IGNORE);
            ct.sendRequest();
            log.info("{}: BYE sent to the {} by an administrator", d.callId, toCallee ? "callee" : "caller");
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.info("{}: cannot send the administrator's BYE to the {}: {}", d.callId,
                    toCallee ? "callee" : "caller", e.getMessage());
        }
    }
}

package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.util.List;
import java.util.concurrent.Executor;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import org.parloir.core.UserAddress;
import org.parloir.sip.SipHops;
import org.parloir.sip.api.BridgedCalls;

/**
 * {@link BridgedCalls} on the B2BUA: a Jingle call to a number becomes a B2BUA call whose caller is the bridge.
 * Its INVITE is built here as the caller's device would have sent it to us (From the user's address, To and
 * Request-URI the number at the user's domain, the bridge's SDP offer), so that policy, accounting, CDRs, the
 * admin view and the gateway leg are those of every other call. It never goes on the wire.
 */
final class BridgedCallService implements BridgedCalls {

    private final CallSetup setup;
    private final LegMessages m;
    private final Executor executor;

    BridgedCallService(CallSetup setup, LegMessages messages, Executor executor) {
        this.setup = setup;
        this.m = messages;
        this.executor = executor;
    }

    @Override
    public BridgedCall dial(BridgedCallRequest request, CallParty party) {
        UserAddress caller = UserAddress.parse(request.caller());
        Request invite;
        try {
            invite = invite(caller, request);
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("not a call the bridge can place: " + e.getMessage(), e);
        }
        BridgeCaller side = new BridgeCaller(invite, party, executor, request.device());
        String callId = SipHops.callId(invite);
        // the account name the user logs in with, as a SIP digest username is: RADIUS policies are per user
        CallSetup.Caller who = new CallSetup.Caller(caller, caller.local());
        if (isPerson(request)) {
            setup.bridgedToPerson(side, UserAddress.parse(request.dialled()), who);
        } else {
            setup.bridged(side, request.dialled(), who);
        }
        return new BridgedCall() {
            @Override
            public String callId() {
                return callId;
            }

            @Override
            public void hangUp() {
                side.hangUpFromJingle();
            }

            @Override
            public void hold(boolean held) {
                side.holdFromJingle(held);
            }
        };
    }

    /** A person's SIP address ({@code bob@example.org}) rather than a number. */
    private static boolean isPerson(BridgedCallRequest r) {
        return r.dialled().indexOf('@') > 0;
    }

    private Request invite(UserAddress caller, BridgedCallRequest r) throws ParseException,
            InvalidArgumentException {
        SipURI target;
        if (isPerson(r)) {
            UserAddress person = UserAddress.parse(r.dialled());
            target = m.addresses.createSipURI(person.local(), person.domain());
        } else {
            target = m.addresses.createSipURI(r.dialled(), caller.domain());
            target.setUserParam("phone"); // RFC 3261 §19.1.1: the user part is a telephone number
        }
        Address from = m.addresses.createAddress(m.addresses.createSipURI(caller.local(), caller.domain()));
        Address to = m.addresses.createAddress(target.clone().toString());
        CallIdHeader callId = m.headers.createCallIdHeader("bridge-" + m.newTag().substring(2) + "@"
                + caller.domain());
        Request invite = m.messages.createRequest(target, Request.INVITE, callId,
                m.headers.createCSeqHeader(1L, Request.INVITE), m.headers.createFromHeader(from, m.newTag()),
                m.headers.createToHeader(to, null), List.of(m.via("udp")), m.headers.createMaxForwardsHeader(70));
        invite.addHeader(m.headers.createContactHeader(m.contact("udp")));
        m.setBody(invite, r.offer());
        return invite;
    }
}

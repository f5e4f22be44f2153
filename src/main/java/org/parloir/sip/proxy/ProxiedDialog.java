package org.parloir.sip.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.function.Predicate;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What a record-routing proxy knows of an answered dialog, enough to end it on behalf of an administrator: each
 * party's address, tag and target (their Contact), the proxies between us and each of them (from the Record-Route
 * lists, RFC 3261 §16.6 step 4: entries are pushed on top, so those above ours lead to the callee, those below to
 * the caller), and the highest CSeq each side used. CSeqs are guarded by this object's lock.
 */
final class ProxiedDialog {

    final String callId;
    final Address caller;
    final String callerTag;
    final URI callerTarget;
    final List<Address> towardCaller;
    final Address callee;
    final String calleeTag;
    final URI calleeTarget;
    final List<Address> towardCallee;
    private long callerCseq;
    private long calleeCseq;

    private ProxiedDialog(String callId, Address caller, String callerTag, URI callerTarget, List<Address> towardCaller,
                          Address callee, String calleeTag, URI calleeTarget, List<Address> towardCallee,
                          long callerCseq) {
        this.callId = callId;
        this.caller = caller;
        this.callerTag = callerTag;
        this.callerTarget = callerTarget;
        this.towardCaller = towardCaller;
        this.callee = callee;
        this.calleeTag = calleeTag;
        this.calleeTarget = calleeTarget;
        this.towardCallee = towardCallee;
        this.callerCseq = callerCseq;
    }

    /**
     * @param invite the INVITE as it reached us (its Record-Route: the proxies toward the caller, nearest first)
     * @param ok     the 2xx as the callee sent it (its Record-Route: every proxy, the callee's nearest on top)
     * @param ours   whether a Record-Route URI is one of ours
     * @return null when a party gave no Contact (nothing to send a BYE to)
     */
    static ProxiedDialog of(String callId, Request invite, Response ok, Predicate<SipURI> ours) {
        ContactHeader callerContact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
        ContactHeader calleeContact = (ContactHeader) ok.getHeader(ContactHeader.NAME);
        if (callerContact == null || calleeContact == null) {
            return null;
        }
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        List<Address> upstream = new ArrayList<>();
        ListIterator<?> rr = invite.getHeaders(RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            upstream.add(((RecordRouteHeader) rr.next()).getAddress());
        }
        List<Address> downstream = new ArrayList<>();
        ListIterator<?> all = ok.getHeaders(RecordRouteHeader.NAME);
        while (all.hasNext()) {
            Address a = ((RecordRouteHeader) all.next()).getAddress();
            if (a.getURI() instanceof SipURI sip && ours.test(sip)) {
                break; // the rest are ours and those toward the caller
            }
            downstream.add(0, a); // the nearest to us last on the wire, first on our route
        }
        return new ProxiedDialog(callId, from.getAddress(), from.getTag(), callerContact.getAddress().getURI(),
                List.copyOf(upstream), to.getAddress(), to.getTag(), calleeContact.getAddress().getURI(),
                List.copyOf(downstream), ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber());
    }

    /** An in-dialog request passed; {@code fromTag} tells its sender. */
    synchronized void seen(String fromTag, long cseq) {
        if (callerTag.equals(fromTag)) {
            callerCseq = Math.max(callerCseq, cseq);
        } else {
            calleeCseq = Math.max(calleeCseq, cseq);
        }
    }

    /** The CSeq of a BYE sent as if by the caller (to the callee), above any the caller used. */
    synchronized long nextCallerCseq() {
        return ++callerCseq;
    }

    /** The CSeq of a BYE sent as if by the callee (to the caller). */
    synchronized long nextCalleeCseq() {
        return ++calleeCseq;
    }
}

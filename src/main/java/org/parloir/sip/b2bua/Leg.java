package org.parloir.sip.b2bua;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The dialog state of one side of a B2BUA call (RFC 3261 §12): identifiers, route set, remote target, sequence
 * numbers. Kept by us rather than by the stack so a caller's transaction can be taken over after a proxy already
 * relayed provisional responses on it. Guarded by the owning call's lock.
 */
final class Leg {

    /** Which side of the call. */
    enum Side { CALLER, CALLEE }

    final Side side;
    final String callId;
    final String localTag;
    /** Our address on this leg (From of requests we send). */
    final Address localAddress;
    /** The peer's address (To of requests we send). */
    final Address remoteAddress;
    String remoteTag;
    URI remoteTarget;
    /** Route headers for requests we send, in order (RFC 3261 §12.1). */
    List<Address> routeSet = List.of();
    long localCseq;
    long remoteCseq = -1;
    /** The last session description we sent on this leg, offered again on session refreshes. */
    byte[] lastSdpSent;
    /** The last session description the peer sent, to tell a refresh from a media change. */
    byte[] lastSdpReceived;
    /** The peer's Allow header said UPDATE. */
    boolean peerAllowsUpdate;

    private Leg(Side side, String callId, String localTag, Address localAddress, Address remoteAddress,
                long localCseq) {
        this.side = side;
        this.callId = callId;
        this.localTag = localTag;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.localCseq = localCseq;
    }

    /** The caller's side, from the INVITE we answer as UAS (§12.1.1). */
    static Leg callerSide(Request invite, String ourTag) {
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) invite.getHeader(ToHeader.NAME);
        Leg leg = new Leg(Side.CALLER, ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(), ourTag,
                to.getAddress(), from.getAddress(), 1);
        leg.remoteTag = from.getTag();
        leg.remoteCseq = ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber();
        ContactHeader contact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
        leg.remoteTarget = contact != null ? contact.getAddress().getURI() : from.getAddress().getURI();
        List<Address> routes = new ArrayList<>();
        ListIterator<?> rr = invite.getHeaders(RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            routes.add(((RecordRouteHeader) rr.next()).getAddress());
        }
        leg.routeSet = List.copyOf(routes);
        return leg;
    }

    /** The callee's side, for an INVITE we send as UAC; completed by {@link #confirm} on its 2xx (§12.1.2). */
    static Leg calleeSide(String callId, String ourTag, Address from, Address to, long cseq) {
        return new Leg(Side.CALLEE, callId, ourTag, from, to, cseq);
    }

    /** Takes the remote tag, target and (reversed) Record-Route of a dialog-creating response. */
    void confirm(Response response) {
        remoteTag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact != null) {
            remoteTarget = contact.getAddress().getURI();
        }
        List<Address> routes = new ArrayList<>();
        ListIterator<?> rr = response.getHeaders(RecordRouteHeader.NAME);
        while (rr.hasNext()) {
            routes.add(0, ((RecordRouteHeader) rr.next()).getAddress());
        }
        routeSet = List.copyOf(routes);
    }

    /** Does this in-dialog request belong to this leg (Call-ID, and our tag in its To)? */
    boolean matches(String requestCallId, String toTag) {
        return callId.equals(requestCallId) && localTag.equals(toTag);
    }

    long nextCseq() {
        return ++localCseq;
    }

    @Override
    public String toString() {
        return side + "[" + callId + ";" + localTag + "]";
    }
}

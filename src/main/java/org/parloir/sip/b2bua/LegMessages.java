package org.parloir.sip.b2bua;

import java.text.ParseException;
import java.util.ListIterator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.InvalidArgumentException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.parloir.sip.SipHops;
import org.parloir.sip.SipResponses;
import org.parloir.sip.stack.LocalEndpoint;

/** Builds the messages the B2BUA sends on its legs: in-dialog requests, ACKs, our Contact, session bodies. */
final class LegMessages {

    /** Top Via branches of B2BUA requests; the proxy leaves stray responses with this prefix alone. */
    static final String BRANCH = "z9hG4bK-pb";
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, MESSAGE, NOTIFY";

    final MessageFactory messages;
    final HeaderFactory headers;
    final AddressFactory addresses;
    final LocalEndpoint local;
    final SipProvider provider;
    /** Every response the B2BUA originates is built there (status, phrase, the headers a refusal needs). */
    final SipResponses responses;
    private final AtomicLong serial = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 20));

    LegMessages(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, LocalEndpoint local,
                SipProvider provider, SipResponses responses) {
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.local = local;
        this.provider = provider;
        this.responses = responses;
    }

    String newTag() {
        return "pb" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    ViaHeader via(String transport) throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(local.host(), local.port(transport), transport,
                BRANCH + Long.toHexString(serial.incrementAndGet()));
        via.setRPort();
        return via;
    }

    /** Our Contact for a leg reached over {@code transport}. */
    Address contact(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI("b2bua", local.host());
        uri.setPort(local.port(transport));
        if (!"udp".equals(transport)) {
            uri.setTransportParam(transport);
        }
        return addresses.createAddress(uri);
    }

    /** A request within {@code leg}'s dialog (RFC 3261 §12.2.1.1; loose routing assumed, as RFC 3261 requires). */
    Request inDialog(Leg leg, String method, long cseq) throws ParseException, InvalidArgumentException {
        Address from = (Address) leg.localAddress.clone();
        Address to = (Address) leg.remoteAddress.clone();
        Request r = messages.createRequest((URI) leg.remoteTarget.clone(), method,
                headers.createCallIdHeader(leg.callId), headers.createCSeqHeader(cseq, method),
                headers.createFromHeader(from, leg.localTag), headers.createToHeader(to, leg.remoteTag),
                new java.util.ArrayList<>(), headers.createMaxForwardsHeader(70));
        for (Address route : leg.routeSet) {
            r.addHeader(headers.createRouteHeader((Address) route.clone()));
        }
        String transport = SipHops.transport(r);
        r.addHeader(via(transport));
        if (!Request.ACK.equals(method) && !Request.CANCEL.equals(method)) {
            r.addHeader(headers.createContactHeader(contact(transport)));
        }
        return r;
    }

    /** Copies a session body (or removes any body when null). */
    void setBody(Message m, byte[] body) throws ParseException {
        if (body == null || body.length == 0) {
            m.removeContent();
            m.removeHeader(ContentTypeHeader.NAME);
            return;
        }
        ContentTypeHeader ct = headers.createContentTypeHeader("application", "sdp");
        m.setContent(body, ct);
    }

    /** The session description of a message, if it carries one. */
    static byte[] sdpOf(Message m) {
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        byte[] raw = m.getRawContent();
        if (raw == null || raw.length == 0 || ct == null || !"application".equalsIgnoreCase(ct.getContentType())
                || !"sdp".equalsIgnoreCase(ct.getContentSubType())) {
            return null;
        }
        return raw;
    }

    static boolean allowsUpdate(Message m) {
        ListIterator<?> it = m.getHeaders(javax.sip.header.AllowHeader.NAME);
        while (it.hasNext()) {
            if (Request.UPDATE.equalsIgnoreCase(((javax.sip.header.AllowHeader) it.next()).getMethod())) {
                return true;
            }
        }
        return false;
    }
}

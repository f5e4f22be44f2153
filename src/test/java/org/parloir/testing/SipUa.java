package org.parloir.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A SIP user agent on its own JAIN-SIP stack (the RI, a SIP implementation we did not write), listening on a
 * loopback UDP port. Requests and responses it receives are queued for the test to take; it answers nothing on
 * its own except what the RI does.
 */
public final class SipUa implements SipListener, AutoCloseable {

    private static final AtomicLong STACKS = new AtomicLong();

    public final String name;
    public final SipStack stack;
    public final SipProvider provider;
    public final MessageFactory messages;
    public final HeaderFactory headers;
    public final AddressFactory addresses;
    public final DigestClient digest;
    public final int port;
    public final BlockingQueue<RequestEvent> requests = new LinkedBlockingQueue<>();
    public final BlockingQueue<ResponseEvent> responses = new LinkedBlockingQueue<>();
    public final BlockingQueue<TimeoutEvent> timeouts = new LinkedBlockingQueue<>();
    /** Every request and response this agent received, as text, in order. */
    public final List<String> transcript = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String transport;
    private final AtomicLong cseq = new AtomicLong(ThreadLocalRandom.current().nextInt(1, 1000));

    public SipUa(String name) throws Exception {
        this(name, "udp");
    }

    public SipUa(String name, String transport) throws Exception {
        this(name, transport, new Properties());
    }

    /** {@code extra} stack properties, e.g. {@code javax.net.ssl.trustStore} for a TLS agent. */
    public SipUa(String name, String transport, Properties extra) throws Exception {
        this.name = name;
        this.transport = transport;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "ua-" + name + "-" + STACKS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", "org.parloir.sip.stack.Slf4jStackLogger");
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", "org.parloir.sip.stack.Slf4jServerLogger");
        p.setProperty("gov.nist.javax.sip.REJECT_STRAY_RESPONSES", "false");
        if ("tls".equals(transport)) {
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES",
                    "TLS_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2,TLSv1.3");
        }
        p.putAll(extra);
        stack = factory.createSipStack(p);
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        digest = new DigestClient(headers);
        port = FreePorts.udpAndTcp();
        ListeningPoint lp = stack.createListeningPoint("127.0.0.1", port, transport);
        provider = stack.createSipProvider(lp);
        provider.addSipListener(this);
        stack.start();
    }

    public String contact() {
        return "sip:" + name + "@127.0.0.1:" + port + (transport.equals("udp") ? "" : ";transport=" + transport);
    }

    /** A new out-of-dialog request from {@code from} (local@domain) to {@code target} sent to {@code proxy}. */
    public Request request(String method, String requestUri, String from, String to, String proxy)
            throws Exception {
        URI ruri = addresses.createURI(requestUri);
        Address fromAddr = addresses.createAddress(addresses.createURI("sip:" + from));
        boolean uri = to.startsWith("sip:") || to.startsWith("tel:");
        Address toAddr = addresses.createAddress(addresses.createURI(uri ? to : "sip:" + to));
        CallIdHeader callId = provider.getNewCallId();
        CSeqHeader cs = headers.createCSeqHeader(cseq.incrementAndGet(), method);
        FromHeader fromH = headers.createFromHeader(fromAddr, Long.toHexString(ThreadLocalRandom.current()
                .nextLong()));
        ToHeader toH = headers.createToHeader(toAddr, null);
        List<ViaHeader> vias = new ArrayList<>();
        vias.add(headers.createViaHeader("127.0.0.1", port, transport, null));
        MaxForwardsHeader mf = headers.createMaxForwardsHeader(70);
        Request r = messages.createRequest(ruri, method, callId, cs, fromH, toH, vias, mf);
        r.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(contact()))));
        if (proxy != null) {
            SipURI route = addresses.createSipURI(null, proxy.split(":")[0]);
            route.setPort(Integer.parseInt(proxy.split(":")[1]));
            route.setLrParam();
            route.setTransportParam(transport);
            r.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
        }
        return r;
    }

    /** Same request with a fresh branch and the next CSeq, e.g. to retry with credentials. */
    public Request next(Request previous) throws Exception {
        Request r = (Request) previous.clone();
        r.removeFirst(ViaHeader.NAME);
        r.addFirst(headers.createViaHeader("127.0.0.1", port, transport, null));
        ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).setSeqNumber(cseq.incrementAndGet());
        return r;
    }

    /** The option tags of every {@code name} header (Unsupported, Require...) of {@code r}, one each. */
    public static List<String> optionTags(javax.sip.message.Message r, String name) {
        List<String> tags = new ArrayList<>();
        r.getHeaders(name).forEachRemaining(h -> tags.add(((javax.sip.header.OptionTag) h).getOptionTag()));
        return tags;
    }

    public ClientTransaction send(Request request) throws Exception {
        ClientTransaction ct = provider.getNewClientTransaction(request);
        ct.sendRequest();
        return ct;
    }

    /** The next final response of {@code ct} (provisional ones are skipped). */
    public Response awaitFinal(ClientTransaction ct, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ResponseEvent> others = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                ResponseEvent e = left > 0 ? responses.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    throw new AssertionError(name + ": no final response for " + ct.getRequest().getMethod());
                }
                if (e.getClientTransaction() == ct && e.getResponse().getStatusCode() >= 200) {
                    return e.getResponse();
                }
                if (e.getClientTransaction() != ct) {
                    others.add(e);
                }
            }
        } finally {
            responses.addAll(others);
        }
    }

    public Response sendAndAwait(Request request) throws Exception {
        return awaitFinal(send(request), Duration.ofSeconds(10));
    }

    public Response awaitResponse(int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ResponseEvent e = left > 0 ? responses.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError(name + ": no " + status + " response");
            }
            if (e.getResponse().getStatusCode() == status) {
                return e.getResponse();
            }
        }
    }

    public RequestEvent awaitRequest(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            RequestEvent e = left > 0 ? requests.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError(name + ": no " + method + " received");
            }
            if (e.getRequest().getMethod().equals(method)) {
                return e;
            }
        }
    }

    /** REGISTER {@code user} with this UA's contact, answering the 401 with {@code algorithm}. */
    public Response register(String user, String domain, String password, String algorithm, int expires,
                             String registrar) throws Exception {
        return registerAs(user, user, domain, password, algorithm, expires, registrar);
    }

    /** REGISTER the address {@code local@domain}, authenticating as digest user {@code username}. */
    public Response registerAs(String local, String username, String domain, String password, String algorithm,
                               int expires, String registrar) throws Exception {
        String user = local;
        Request r = request(Request.REGISTER, "sip:" + domain, user + "@" + domain, user + "@" + domain, null);
        r.addHeader(headers.createExpiresHeader(expires));
        routeTo(r, registrar);
        Response first = sendAndAwait(r);
        if (first.getStatusCode() != Response.UNAUTHORIZED) {
            return first;
        }
        Request again = next(r);
        digest.answer(again, first, username, password, algorithm, 1, null);
        return sendAndAwait(again);
    }

    /** Sends out-of-dialog requests to the proxy at {@code hostPort} (a loose Route). */
    public void routeTo(Request r, String hostPort) throws Exception {
        if (r.getHeader(RouteHeader.NAME) == null) {
            SipURI route = addresses.createSipURI(null, hostPort.split(":")[0]);
            route.setPort(Integer.parseInt(hostPort.split(":")[1]));
            route.setLrParam();
            if (!"udp".equals(transport)) {
                route.setTransportParam(transport);
            }
            r.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
        }
    }

    /** Answers {@code event} with {@code status}, creating its server transaction; 2xx get a Contact. */
    public ServerTransaction respond(RequestEvent event, ServerTransaction tx, int status, String toTag)
            throws Exception {
        return respond(event, tx, status, toTag, null);
    }

    /** {@link #respond(RequestEvent, ServerTransaction, int, String)} carrying {@code sdp} when not null. */
    public ServerTransaction respond(RequestEvent event, ServerTransaction tx, int status, String toTag, byte[] sdp)
            throws Exception {
        ServerTransaction st = tx != null ? tx
                : event.getServerTransaction() != null ? event.getServerTransaction()
                : provider.getNewServerTransaction(event.getRequest());
        Response response = messages.createResponse(status, event.getRequest());
        if (toTag != null && status > 100) {
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(toTag);
        }
        if (status >= 200 && status < 300) {
            response.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(
                    contact()))));
        }
        if (sdp != null) {
            response.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        }
        st.sendResponse(response);
        return st;
    }

    /** An in-dialog request (ACK for 2xx, BYE) from the caller's side of the dialog {@code ok} established. */
    public Request inDialog(Request invite, Response ok, String method, long seq) throws Exception {
        URI target = ((ContactHeader) ok.getHeader(ContactHeader.NAME)).getAddress().getURI();
        Request r = (Request) invite.clone();
        r.setMethod(method);
        r.setRequestURI(target);
        r.removeHeader(RouteHeader.NAME);
        r.removeHeader("Proxy-Authorization");
        r.removeHeader("Content-Type");
        r.removeContent();
        r.removeFirst(ViaHeader.NAME);
        r.addFirst(headers.createViaHeader("127.0.0.1", port, transport, null));
        r.setHeader(ok.getHeader(ToHeader.NAME));
        r.setHeader(headers.createCSeqHeader(seq, method));
        // the route set is the Record-Route of the 2xx, reversed (RFC 3261 §12.1.2)
        List<RecordRouteHeader> rr = new ArrayList<>();
        ok.getHeaders(RecordRouteHeader.NAME).forEachRemaining(h -> rr.add((RecordRouteHeader) h));
        for (int i = rr.size() - 1; i >= 0; i--) {
            r.addLast(headers.createRouteHeader(rr.get(i).getAddress()));
        }
        return r;
    }

    /** The ACK of a non-2xx final response (RFC 3261 §17.1.1.3): same branch, the response's To. */
    public void sendAckFor(Request invite, Response response) throws Exception {
        Request ack = (Request) invite.clone();
        ack.setMethod(Request.ACK);
        ack.setHeader(response.getHeader(ToHeader.NAME));
        ack.setHeader(headers.createCSeqHeader(((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber(),
                Request.ACK));
        ack.removeHeader("Content-Type");
        ack.removeContent();
        provider.sendRequest(ack);
    }

    @Override
    public void processRequest(RequestEvent event) {
        transcript.add(event.getRequest().toString());
        requests.add(event);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        transcript.add(event.getResponse().toString());
        responses.add(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        timeouts.add(event);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    @Override
    public void close() {
        try {
            for (ListeningPoint lp : provider.getListeningPoints()) {
                provider.removeListeningPoint(lp);
                stack.deleteListeningPoint(lp);
            }
            stack.deleteSipProvider(provider);
        } catch (Exception ignored) {
            // shutting down
        }
        stack.stop();
    }
}

package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;

/** The stateful proxy (RFC 3261 §16) between JAIN-SIP user agents over loopback UDP. */
class ProxyIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SharedServer SERVER = SharedServer.defaults();
    static ParloirServer server;
    static SipUa alice;
    static SipUa bobDesk;
    static SipUa bobMobile;
    static SipUa stranger;

    @BeforeAll
    static void start() throws Exception {
        server = SERVER.server();
        alice = new SipUa("alice");
        bobDesk = new SipUa("bob");
        bobMobile = new SipUa("bob");
        stranger = new SipUa("eve");
        assertThat(bobDesk.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort())
                .getStatusCode()).isEqualTo(200);
        assertThat(bobMobile.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort())
                .getStatusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        for (SipUa ua : new SipUa[] {alice, bobDesk, bobMobile, stranger}) {
            ua.close();
        }
        server.bean(LocationService.class).remove("bob@example.org");
    }

    @AfterEach
    void drain() {
        for (SipUa ua : new SipUa[] {alice, bobDesk, bobMobile, stranger}) {
            ua.requests.clear();
            ua.responses.clear();
        }
    }

    /** alice's INVITE to bob, answered with her credentials after the 407. */
    private Request authenticatedInvite(String target) throws Exception {
        Request invite = alice.request(Request.INVITE, "sip:" + target, "alice@example.org", target,
                server.sipHostPort());
        Response challenge = alice.sendAndAwait(invite);
        assertThat(challenge.getStatusCode()).isEqualTo(407);
        alice.sendAckFor(invite, challenge);
        Request again = alice.next(invite);
        alice.digest.answer(again, challenge, "alice", "alice-secret", "MD5", 1, null);
        return again;
    }

    @Test
    void callForksToBothContactsCancelsTheLoserAndByeFollowsTheRecordRoute() throws Exception {
        Request invite = authenticatedInvite("bob@example.org");
        ClientTransaction ct = alice.send(invite);

        RequestEvent atDesk = bobDesk.awaitRequest(Request.INVITE, WAIT);
        RequestEvent atMobile = bobMobile.awaitRequest(Request.INVITE, WAIT);
        // the proxy record-routed, added its Via and consumed alice's credentials
        Request forwarded = atDesk.getRequest();
        assertThat(forwarded.getHeader(RecordRouteHeader.NAME).toString()).contains(server.sipHostPort());
        assertThat(forwarded.getHeader("Proxy-Authorization")).isNull();
        assertThat(((MaxForwardsHeader) forwarded.getHeader(MaxForwardsHeader.NAME)).getMaxForwards()).isEqualTo(69);
        assertThat(forwarded.getRequestURI().toString()).isEqualTo(bobDesk.contact());

        ServerTransaction deskTx = bobDesk.respond(atDesk, null, 180, "desk");
        ServerTransaction mobileTx = bobMobile.respond(atMobile, null, 180, "mobile");
        assertThat(alice.awaitResponse(180, WAIT)).isNotNull();
        bobDesk.respond(atDesk, deskTx, 200, "desk");
        Response ok = alice.awaitFinal(ct, WAIT);
        assertThat(ok.getStatusCode()).isEqualTo(200);

        // the other branch is cancelled (§16.7 step 10)
        RequestEvent cancel = bobMobile.awaitRequest(Request.CANCEL, WAIT);
        bobMobile.respond(cancel, null, 200, "mobile");
        bobMobile.respond(atMobile, mobileTx, 487, "mobile");

        // ACK and BYE go through the proxy by the Record-Route
        long seq = ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber();
        Request ack = alice.inDialog(invite, ok, Request.ACK, seq);
        assertThat(ack.getHeader(RouteHeader.NAME).toString()).contains(server.sipHostPort());
        alice.provider.sendRequest(ack);
        RequestEvent ackAtDesk = bobDesk.awaitRequest(Request.ACK, WAIT);
        assertThat(((ViaHeader) ackAtDesk.getRequest().getHeader(ViaHeader.NAME)).getPort())
                .isEqualTo(server.sipPort());

        Request bye = alice.inDialog(invite, ok, Request.BYE, seq + 1);
        ClientTransaction byeTx = alice.send(bye);
        RequestEvent byeAtDesk = bobDesk.awaitRequest(Request.BYE, WAIT);
        assertThat(((ViaHeader) byeAtDesk.getRequest().getHeader(ViaHeader.NAME)).getPort())
                .isEqualTo(server.sipPort());
        bobDesk.respond(byeAtDesk, null, 200, null);
        assertThat(alice.awaitFinal(byeTx, WAIT).getStatusCode()).isEqualTo(200);
    }

    @Test
    void cancelBeforeAnswerGives487() throws Exception {
        Request invite = authenticatedInvite("bob@example.org");
        ClientTransaction ct = alice.send(invite);
        RequestEvent atDesk = bobDesk.awaitRequest(Request.INVITE, WAIT);
        RequestEvent atMobile = bobMobile.awaitRequest(Request.INVITE, WAIT);
        ServerTransaction deskTx = bobDesk.respond(atDesk, null, 180, "d2");
        ServerTransaction mobileTx = bobMobile.respond(atMobile, null, 180, "m2");
        alice.awaitResponse(180, WAIT);

        ClientTransaction cancelTx = alice.provider.getNewClientTransaction(ct.createCancel());
        cancelTx.sendRequest();
        assertThat(alice.awaitFinal(cancelTx, WAIT).getStatusCode()).isEqualTo(200);

        RequestEvent c1 = bobDesk.awaitRequest(Request.CANCEL, WAIT);
        RequestEvent c2 = bobMobile.awaitRequest(Request.CANCEL, WAIT);
        bobDesk.respond(c1, null, 200, "d2");
        bobMobile.respond(c2, null, 200, "m2");
        bobDesk.respond(atDesk, deskTx, 487, "d2");
        bobMobile.respond(atMobile, mobileTx, 487, "m2");
        assertThat(alice.awaitFinal(ct, WAIT).getStatusCode()).isEqualTo(487);
    }

    @Test
    void bestFinalResponseWinsWhenNobodyAnswers() throws Exception {
        Request invite = authenticatedInvite("bob@example.org");
        ClientTransaction ct = alice.send(invite);
        RequestEvent atDesk = bobDesk.awaitRequest(Request.INVITE, WAIT);
        RequestEvent atMobile = bobMobile.awaitRequest(Request.INVITE, WAIT);
        bobDesk.respond(atDesk, null, 486, "d3");
        bobMobile.respond(atMobile, null, 404, "m3");
        // §16.7 step 6: the lowest class wins; 404 and 486 are both 4xx, busy tells the caller more
        assertThat(alice.awaitFinal(ct, WAIT).getStatusCode()).isEqualTo(486);
    }

    @Test
    void anyoneMayCallALocalUserWithoutCredentials() throws Exception {
        Request invite = stranger.request(Request.INVITE, "sip:bob@example.org", "eve@elsewhere.net",
                "bob@example.org", server.sipHostPort());
        ClientTransaction ct = stranger.send(invite);
        RequestEvent atDesk = bobDesk.awaitRequest(Request.INVITE, WAIT);
        RequestEvent atMobile = bobMobile.awaitRequest(Request.INVITE, WAIT);
        bobDesk.respond(atDesk, null, 603, "d4");
        // a 6xx ends the search: the other branch is cancelled once it has rung
        ServerTransaction mobileTx = bobMobile.respond(atMobile, null, 180, "m4");
        bobMobile.respond(bobMobile.awaitRequest(Request.CANCEL, WAIT), null, 200, "m4");
        bobMobile.respond(atMobile, mobileTx, 487, "m4");
        assertThat(stranger.awaitFinal(ct, WAIT).getStatusCode()).isEqualTo(603);
    }

    @Test
    void unknownUserIs404AndKnownUserWithoutDeviceIs480() throws Exception {
        Request toNobody = stranger.request(Request.INVITE, "sip:nobody@example.org", "eve@elsewhere.net",
                "nobody@example.org", server.sipHostPort());
        assertThat(stranger.sendAndAwait(toNobody).getStatusCode()).isEqualTo(404);
        Request toCarol = stranger.request(Request.INVITE, "sip:carol.martin@example.org", "eve@elsewhere.net",
                "carol.martin@example.org", server.sipHostPort());
        assertThat(stranger.sendAndAwait(toCarol).getStatusCode()).isEqualTo(480);
        // both attempts leave a CDR: routed nowhere, and to carol's phone (no gateway here, so unavailable)
        org.parloir.cdr.api.CdrQuery cdrs = server.bean(org.parloir.cdr.api.CdrQuery.class);
        String nobodyId = ((javax.sip.header.CallIdHeader) toNobody.getHeader("Call-ID")).getCallId();
        String carolId = ((javax.sip.header.CallIdHeader) toCarol.getHeader("Call-ID")).getCallId();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> cdrs.find(null, null, null, null, 0, 500)
                .records().stream().filter(c -> c.callId().equals(nobodyId) || c.callId().equals(carolId)).count()
                == 2);
    }

    @Test
    void withoutAGatewayNumbersGet503WithAClearReason() throws Exception {
        Request invite = alice.request(Request.INVITE, "sip:0123456789@example.org", "alice@example.org",
                "0123456789@example.org", server.sipHostPort());
        Response challenge = alice.sendAndAwait(invite);
        assertThat(challenge.getStatusCode()).isEqualTo(407);
        alice.sendAckFor(invite, challenge);
        Request again = alice.next(invite);
        alice.digest.answer(again, challenge, "alice", "alice-secret", "MD5", 1, null);
        Response r = alice.sendAndAwait(again);
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getReasonPhrase()).isEqualTo("No PSTN gateway configured");
    }

    @Test
    void localCallerMustAuthenticateAndWrongCredentialsAreForbidden() throws Exception {
        Request invite = alice.request(Request.INVITE, "sip:bob@example.org", "alice@example.org",
                "bob@example.org", server.sipHostPort());
        Response challenge = alice.sendAndAwait(invite);
        assertThat(challenge.getStatusCode()).isEqualTo(407);
        assertThat(challenge.getHeader("Proxy-Authenticate")).isNotNull();
        alice.sendAckFor(invite, challenge);
        Request wrong = alice.next(invite);
        alice.digest.answer(wrong, challenge, "alice", "guess", "MD5", 1, null);
        assertThat(alice.sendAndAwait(wrong).getStatusCode()).isEqualTo(403);
    }

    @Test
    void noOpenRelayToForeignDomains() throws Exception {
        Request invite = stranger.request(Request.INVITE, "sip:someone@elsewhere.net", "eve@elsewhere.net",
                "someone@elsewhere.net", server.sipHostPort());
        assertThat(stranger.sendAndAwait(invite).getStatusCode()).isEqualTo(403);
    }

    /**
     * The B2BUA's own legs to a person's SIP devices skip authentication with a token of ours in the Request-URI
     * ({@code parloir-leg}); one that is not ours is refused outright, and reaches no device.
     */
    @Test
    void aDeviceLegTokenThatIsNotOursIsForbiddenAndRingsNobody() throws Exception {
        String forged = new org.parloir.sip.routing.DeviceLegs("sip:127.0.0.1:5060;lr").token("x", "bob@example.org");
        Request invite = alice.request(Request.INVITE, "sip:bob@example.org;parloir-leg=" + forged,
                "alice@example.org", "bob@example.org", server.sipHostPort());
        Response r = alice.sendAndAwait(invite);
        assertThat(r.getStatusCode()).as("no challenge to answer: refused").isEqualTo(403);
        assertThat(r.getReasonPhrase()).isEqualTo("Not a leg of this server");
        Request stray = stranger.request(Request.INVITE, "sip:bob@example.org;parloir-leg=garbage",
                "eve@elsewhere.net", "bob@example.org", server.sipHostPort());
        assertThat(stranger.sendAndAwait(stray).getStatusCode()).isEqualTo(403);
        // a forked INVITE would have had a 100 and no final answer yet: the 403s say nothing was forwarded
        assertThat(server.bean(org.parloir.sip.proxy.ProxyCore.class).activeInvites()).isZero();
    }

    /** {@code method} sent by a stranger to the server's own URI (no user part). */
    private Response toTheServer(String method) throws Exception {
        String self = "sip:" + server.sipHostPort();
        return stranger.sendAndAwait(stranger.request(method, self, "eve@elsewhere.net", self, null));
    }

    /** The methods of every Allow header, one each. */
    private static java.util.List<String> allowed(Response r) {
        java.util.List<String> methods = new java.util.ArrayList<>();
        r.getHeaders("Allow").forEachRemaining(h -> methods.add(((javax.sip.header.AllowHeader) h).getMethod()));
        return methods;
    }

    @Test
    void optionsToTheServerIsAnswered200() throws Exception {
        Response ok = toTheServer(Request.OPTIONS);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(allowed(ok)).contains(Request.INVITE);
    }

    @Test
    void aMethodTheServerItselfDoesNotTakeIs405WithTheAllowHeader() throws Exception {
        Response refused = toTheServer(Request.MESSAGE);
        assertThat(refused.getStatusCode()).isEqualTo(405);
        // RFC 3261 §8.2.1: the 405 lists what the server's own URI does take
        assertThat(allowed(refused)).contains(Request.REGISTER, Request.OPTIONS).doesNotContain(Request.MESSAGE);
    }

    @Test
    void maxForwardsZeroIs483() throws Exception {
        Request invite = stranger.request(Request.INVITE, "sip:bob@example.org", "eve@elsewhere.net",
                "bob@example.org", server.sipHostPort());
        ((MaxForwardsHeader) invite.getHeader(MaxForwardsHeader.NAME)).setMaxForwards(0);
        assertThat(stranger.sendAndAwait(invite).getStatusCode()).isEqualTo(483);
    }

    @Test
    void proxyExtensionsWeLackAreAllListedIn420() throws Exception {
        Request invite = stranger.request(Request.INVITE, "sip:bob@example.org", "eve@elsewhere.net",
                "bob@example.org", server.sipHostPort());
        invite.addHeader(stranger.headers.createProxyRequireHeader("x-first"));
        invite.addHeader(stranger.headers.createProxyRequireHeader("x-second"));
        Response refused = stranger.sendAndAwait(invite);
        assertThat(refused.getStatusCode()).isEqualTo(420);
        // RFC 3261 §16.3 item 6 and §8.2.2.3: every option tag the proxy does not support, in Unsupported
        assertThat(SipUa.optionTags(refused, "Unsupported")).containsExactlyInAnyOrder("x-first", "x-second");
    }

    @Test
    void aRequestThatComesBackIsALoop() throws Exception {
        // the request already carries a Via of ours with this very request's loop hash: forward it once,
        // then present the forwarded copy again
        Request invite = stranger.request(Request.INVITE, "sip:bob@example.org", "eve@elsewhere.net",
                "bob@example.org", server.sipHostPort());
        ClientTransaction ct = stranger.send(invite);
        RequestEvent atDesk = bobDesk.awaitRequest(Request.INVITE, WAIT);
        RequestEvent atMobile = bobMobile.awaitRequest(Request.INVITE, WAIT);
        Request looped = (Request) atDesk.getRequest().clone();
        looped.setRequestURI(invite.getRequestURI());
        looped.removeHeader(RecordRouteHeader.NAME);
        looped.addFirst(bobDesk.headers.createViaHeader("127.0.0.1", bobDesk.port, "udp", null));
        looped.setHeader(invite.getHeader(RouteHeader.NAME));
        assertThat(bobDesk.sendAndAwait(looped).getStatusCode()).isEqualTo(482);
        bobDesk.respond(atDesk, null, 486, "d5");
        bobMobile.respond(atMobile, null, 486, "m5");
        assertThat(stranger.awaitFinal(ct, WAIT).getStatusCode()).isEqualTo(486);
    }

    @Test
    void responsesFollowRportToTheSourceAddress() throws Exception {
        // RFC 3581: the Via claims port 9, the datagram comes from another port; the answer goes to the source
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            String options = "OPTIONS sip:" + server.sipHostPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKrport1;rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:eve@elsewhere.net>;tag=1\r\n"
                    + "To: <sip:" + server.sipHostPort() + ">\r\n"
                    + "Call-ID: rport-1@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = options.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.sipPort()));
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            socket.receive(in);
            String reply = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
            assertThat(reply).startsWith("SIP/2.0 200").contains("rport=" + socket.getLocalPort());
        }
    }

    @Test
    void malformedDatagramsGet400AndTheListenerKeepsWorking() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            String bad = "INVITE sip:bob@example.org SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKbad1\r\n"
                    + "From: <sip:eve@elsewhere.net>;tag=1\r\n"
                    + "To: <sip:bob@example.org>\r\n"
                    + "Call-ID: bad-1@127.0.0.1\r\n"
                    + "CSeq: not-a-number INVITE\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = bad.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), server.sipPort()));
            byte[] garbage = "\u0001\u0002 this is not SIP at all \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(garbage, garbage.length, InetAddress.getLoopbackAddress(),
                    server.sipPort()));
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            socket.receive(in);
            String reply = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
            assertThat(reply).startsWith("SIP/2.0 400");
        }
        // the server still answers
        Request options = stranger.request(Request.OPTIONS, "sip:" + server.sipHostPort(), "eve@elsewhere.net",
                "sip:" + server.sipHostPort(), null);
        assertThat(stranger.sendAndAwait(options).getStatusCode()).isEqualTo(200);
    }
}

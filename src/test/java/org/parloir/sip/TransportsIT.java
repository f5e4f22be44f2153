package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.cdr.api.HangupParty;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;

/** TCP and TLS listening points with JAIN-SIP user agents, and the TCP message size limit. */
class TransportsIT {

    @RegisterExtension
    static final SharedServer SERVER = SipProfiles.tls();
    static ParloirServer server;
    static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        server = SERVER.server();
        tlsPort = server.sipTlsPort();
        // the proxy opens TLS connections to UAs that present the server's (self-signed) certificate
        Path keystore = server.sipTlsKeyStore();
        // the UA side of TLS trusts the same self-signed certificate (stack properties, not JVM-wide ones:
        // every later stack in this JVM would read those)
        tlsClient.setProperty("javax.net.ssl.trustStore", keystore.toString());
        tlsClient.setProperty("javax.net.ssl.trustStorePassword", ParloirServer.TLS_PASSWORD);
        tlsClient.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        // the RI builds its TLS context only when a key store is given too
        tlsClient.setProperty("javax.net.ssl.keyStore", keystore.toString());
        tlsClient.setProperty("javax.net.ssl.keyStorePassword", ParloirServer.TLS_PASSWORD);
        tlsClient.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
    }

    static final java.util.Properties tlsClient = new java.util.Properties();

    @Test
    void registerAndCallOverTcp() throws Exception {
        try (SipUa bob = new SipUa("bob", "tcp"); SipUa eve = new SipUa("eve", "tcp")) {
            assertThat(bob.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort())
                    .getStatusCode()).isEqualTo(200);
            Request invite = eve.request(Request.INVITE, "sip:bob@example.org", "eve@elsewhere.net",
                    "bob@example.org", null);
            eve.routeTo(invite, server.sipHostPort());
            ClientTransaction ct = eve.send(invite);
            RequestEvent at = bob.awaitRequest(Request.INVITE, Duration.ofSeconds(10));
            assertThat(at.getRequest().getHeader("Record-Route").toString()).contains("transport=tcp");
            bob.respond(at, null, Response.BUSY_HERE, "b");
            assertThat(eve.awaitFinal(ct, Duration.ofSeconds(10)).getStatusCode()).isEqualTo(486);
            server.bean(org.parloir.sip.registrar.LocationService.class).remove("bob@example.org");
        }
    }

    @Test
    void registerOverTls() throws Exception {
        try (SipUa alice = new SipUa("alice", "tls", tlsClient)) {
            Response ok = alice.register("alice", "example.org", "alice-secret", "MD5", 600,
                    "127.0.0.1:" + tlsPort);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(server.bean(org.parloir.sip.registrar.LocationService.class).lookup("alice@example.org"))
                    .singleElement().satisfies(b -> assertThat(b.received()).startsWith("tls:"));
            server.bean(org.parloir.sip.registrar.LocationService.class).remove("alice@example.org");
        }
    }

    @Test
    void aSipsRequestIsForwardedOnlyOverTls() throws Exception {
        try (SipUa alice = new SipUa("alice", "tls", tlsClient); SipUa bob = new SipUa("bob");
             SipUa eve = new SipUa("eve", "tls", tlsClient)) {
            LocationService location = server.bean(LocationService.class);
            assertThat(alice.register("alice", "example.org", "alice-secret", "MD5", 600, "127.0.0.1:" + tlsPort)
                    .getStatusCode()).isEqualTo(200);
            assertThat(bob.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort())
                    .getStatusCode()).isEqualTo(200);
            try {
                // alice's contact says transport=tls: reached over TLS, so a sips: request may go there
                Request toAlice = eve.request(Request.INVITE, "sips:alice@example.org", "eve@elsewhere.net",
                        "alice@example.org", null);
                eve.routeTo(toAlice, "127.0.0.1:" + tlsPort);
                ClientTransaction ct = eve.send(toAlice);
                RequestEvent at = alice.awaitRequest(Request.INVITE, Duration.ofSeconds(10));
                assertThat(((ViaHeader) at.getRequest().getHeader(ViaHeader.NAME)).getTransport())
                        .isEqualToIgnoringCase("TLS");
                alice.respond(at, null, Response.BUSY_HERE, "a");
                assertThat(eve.awaitFinal(ct, Duration.ofSeconds(10)).getStatusCode()).isEqualTo(486);

                // bob is reached over UDP only: RFC 5630 allows no last hop in clear
                Request toBob = eve.request(Request.INVITE, "sips:bob@example.org", "eve@elsewhere.net",
                        "bob@example.org", null);
                eve.routeTo(toBob, "127.0.0.1:" + tlsPort);
                Response refused = eve.awaitFinal(eve.send(toBob), Duration.ofSeconds(10));
                assertThat(refused.getStatusCode()).isEqualTo(Response.TEMPORARILY_UNAVAILABLE);
                assertThat(refused.getReasonPhrase()).contains("TLS");
                assertThat(bob.requests).as("nothing reached bob in clear").isEmpty();
                // the call's record says what the caller was answered
                String callId = ((javax.sip.header.CallIdHeader) toBob.getHeader("Call-ID")).getCallId();
                CdrQuery cdrs = server.bean(CdrQuery.class);
                CallDetail cdr = await().atMost(Duration.ofSeconds(10)).until(() -> cdrs.find(null, null, null, null,
                        0, 500).records().stream().filter(c -> c.callId().equals(callId)).findFirst().orElse(null),
                        c -> c != null);
                assertThat(cdr.status()).isEqualTo(Response.TEMPORARILY_UNAVAILABLE);
                assertThat(cdr.hungUpBy()).isEqualTo(HangupParty.SERVER);
            } finally {
                location.remove("alice@example.org");
                location.remove("bob@example.org");
            }
        }
    }

    @Test
    void oversizeUdpDatagramIsDroppedAndTheListenerSurvives() throws Exception {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(2000);
            String msg = "OPTIONS sip:" + server.sipHostPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKbigudp\r\n"
                    + "From: <sip:eve@elsewhere.net>;tag=1\r\nTo: <sip:" + server.sipHostPort() + ">\r\n"
                    + "Call-ID: bigudp-1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nX-Padding: "
                    + "y".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n";
            byte[] bytes = msg.getBytes(StandardCharsets.US_ASCII);
            socket.send(new java.net.DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(),
                    server.sipPort()));
            java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[65535], 65535);
            try {
                socket.receive(in);
                assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII))
                        .doesNotStartWith("SIP/2.0 200");
            } catch (java.net.SocketTimeoutException dropped) {
                // dropped without an answer: what we want for a datagram over parloir.sip.max-message-size
            }
        }
        try (SipUa eve = new SipUa("eve")) {
            Request options = eve.request(Request.OPTIONS, "sip:" + server.sipHostPort(), "eve@elsewhere.net",
                    "sip:" + server.sipHostPort(), null);
            assertThat(eve.sendAndAwait(options).getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void oversizeTcpMessageIsRefusedAndTheListenerSurvives() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.sipPort())) {
            socket.setSoTimeout(5000);
            String big = "x".repeat(20_000);
            String msg = "OPTIONS sip:" + server.sipHostPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKbig1\r\n"
                    + "From: <sip:eve@elsewhere.net>;tag=1\r\nTo: <sip:" + server.sipHostPort() + ">\r\n"
                    + "Call-ID: big-1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nX-Padding: " + big + "\r\n"
                    + "Content-Length: 0\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(msg.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int n;
            try {
                n = in.read(buf);
            } catch (java.net.SocketException reset) {
                n = -1;
            }
            // either the connection is closed or an error comes back; never a 200 for a message over the limit
            if (n > 0) {
                assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).doesNotStartWith("SIP/2.0 200");
            }
        }
        try (SipUa eve = new SipUa("eve", "tcp")) {
            Request options = eve.request(Request.OPTIONS, "sip:" + server.sipHostPort() + ";transport=tcp",
                    "eve@elsewhere.net", "sip:" + server.sipHostPort(), null);
            assertThat(eve.sendAndAwait(options).getStatusCode()).isEqualTo(200);
        }
    }
}

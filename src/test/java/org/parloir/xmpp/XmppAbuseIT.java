package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.RawTcp;
import org.parloir.testing.RawXmpp;
import org.parloir.testing.XmppClients;
import org.parloir.xmpp.net.ConnectionLimiter;
import org.parloir.xmpp.net.UnauthenticatedConnections;

/**
 * Bad input over raw sockets ends the stream the way RFC 6120 §4.9 says (stream header, stream error, closing
 * tag, TCP close), and a normal Smack login works afterwards every time.
 */
class XmppAbuseIT {

    /** Shorter than the default 30 s to keep the slow-connection test short; connections-per-ip stays at 100. */
    static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path data;
    static ParloirServer server;
    static XmppClients clients;

    @BeforeAll
    static void start() throws Exception {
        server = XmppTestServers.twoDomains(data).with("parloir.xmpp.limits.max-stanza-size", "16KB")
                .with("parloir.xmpp.negotiation-timeout", NEGOTIATION_TIMEOUT.toSeconds() + "s")
                .with("parloir.xmpp.tls.required", "false").with("parloir.xmpp.sasl.plain-without-tls", "true")
                .start();
        clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void normalLoginStillWorks() throws Exception {
        clients.login(clients.starttls("example.org", "bob", "bob-secret").addEnabledSaslMechanism("PLAIN"))
                .disconnect();
    }

    private static String exchange(String... parts) throws Exception {
        try (RawXmpp raw = new RawXmpp(server.c2sPort())) {
            for (String part : parts) {
                raw.send(part);
            }
            String answer = raw.readUntilClosed();
            assertThat(answer).as("the server closed the stream").endsWith("</stream:stream>");
            return answer;
        }
    }

    private static String header() {
        return RawXmpp.HEADER.formatted("example.org");
    }

    @Test
    void malformedXmlIsNotWellFormed() throws Exception {
        assertThat(exchange(header(), "<message><body>unclosed</message>"))
                .contains("<stream:error><not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>");
    }

    @Test
    void entityExpansionIsRestrictedXml() throws Exception {
        String bomb = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]>";
        String answer = exchange(bomb + header().substring("<?xml version='1.0'?>".length()),
                "<message><body>&lol2;</body></message>");
        assertThat(answer).contains("<restricted-xml xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>");
    }

    @Test
    void processingInstructionAndCommentAreRestrictedXml() throws Exception {
        assertThat(exchange(header(), "<!-- hello -->")).contains("<restricted-xml");
        assertThat(exchange(header(), "<?evil?>")).contains("<restricted-xml");
    }

    @Test
    void oversizeStanzaIsAPolicyViolation() throws Exception {
        assertThat(exchange(header(), "<message><body>" + "x".repeat(40_000) + "</body></message>"))
                .contains("<policy-violation");
    }

    @Test
    void unknownHostAndWrongNamespace() throws Exception {
        assertThat(exchange(RawXmpp.HEADER.formatted("elsewhere.net"))).contains("<host-unknown");
        assertThat(exchange(header().replace("jabber:client", "jabber:server"))).contains("<invalid-namespace");
    }

    @Test
    void stanzaBeforeAuthenticationIsNotAuthorized() throws Exception {
        assertThat(exchange(header(), "<message to='alice@example.org'><body>spam</body></message>"))
                .contains("<not-authorized");
    }

    @Test
    void forgedFromIsInvalidFrom() throws Exception {
        String plain = java.util.Base64.getEncoder().encodeToString("\0bob\0bob-secret".getBytes());
        try (RawXmpp raw = new RawXmpp(server.c2sPort())) {
            raw.send(header());
            raw.readUntil("</stream:features>");
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
            assertThat(raw.readUntil("success")).contains("<success");
            raw.send(header());
            raw.readUntil("</stream:features>");
            raw.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            raw.readUntil("</iq>");
            raw.send("<message from='alice@example.org/desk' to='carol.martin@example.org'><body>hi</body></message>");
            String answer = raw.readUntilClosed();
            assertThat(answer).contains("<invalid-from").endsWith("</stream:stream>");
        }
    }

    @Test
    void oldClientsSessionAndWhitespaceKeepAlivesAreAccepted() throws Exception {
        String plain = java.util.Base64.getEncoder().encodeToString("\0bob\0bob-secret".getBytes());
        try (RawXmpp raw = new RawXmpp(server.c2sPort())) {
            raw.send(header());
            raw.readUntil("</stream:features>");
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
            raw.readUntil("<success");
            raw.send(header());
            assertThat(raw.readUntil("</stream:features>")).contains("urn:ietf:params:xml:ns:xmpp-session");
            raw.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            raw.readUntil("</iq>");
            // RFC 3921 session establishment, kept for old clients, and whitespace keep-alives (RFC 6120 §4.6.1)
            raw.send("  \n <iq type='set' id='s'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>  ");
            assertThat(raw.readUntil("id=\"s\"")).contains("type=\"result\"");
            raw.send(" ").send("<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(raw.readUntil("id=\"p\"")).contains("type=\"result\"");
            raw.send("</stream:stream>");
            assertThat(raw.readUntilClosed()).endsWith("</stream:stream>");
        }
    }

    @Test
    void slowConnectionsDoNotLockOutALoginFromTheirAddressAndCloseAtTheDeadline() throws Exception {
        int cap = 100;
        List<RawTcp> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 500; i++) {
                slow.add(new RawTcp(server.c2sPort()));
            }
            // one byte of a stream header every 5 s each (never a whole header before the deadline); the phase
            // keeps the writes away from the moments the server closes connections
            byte[] header = header().getBytes(StandardCharsets.UTF_8);
            AtomicInteger next = new AtomicInteger();
            trickle.scheduleAtFixedRate(() -> {
                byte b = header[next.getAndIncrement() % header.length];
                slow.forEach(c -> c.send(b));
            }, 2500, 5000, TimeUnit.MILLISECONDS);

            // the 400 oldest made room for newer ones as they arrived; the 100 newest hold the address's cap
            // ("oldest" in the server's admission order: accepted on several event loops, neighbours interleave)
            await().atMost(Duration.ofSeconds(5)).until(() -> closedCount(slow) == 400);
            assertThat(server.bean(ConnectionLimiter.class).unauthenticated().size()).isEqualTo(cap);

            // logins from the same address while 100 slow connections hold its cap: the first one's connection
            // closes the oldest slow one; authenticated, it no longer counts, so the next ones fit in its place
            for (int i = 0; i < 3; i++) {
                clients.login(clients.starttls("example.org", "bob", "bob-secret").addEnabledSaslMechanism("PLAIN"))
                        .disconnect();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> closedCount(slow) == 401);
            assertThat(server.bean(ConnectionLimiter.class).unauthenticated().size()).as("the deadline is still ahead")
                    .isEqualTo(cap - 1);

            // the rest end at the deadline, counted from the TCP accept whatever trickled in meanwhile
            await().atMost(NEGOTIATION_TIMEOUT.plusSeconds(10)).until(() -> closedCount(slow) == 500);
            List<RawTcp> evicted = slow.stream().filter(c -> c.received().contains("<policy-violation")).toList();
            List<RawTcp> timedOut = slow.stream().filter(c -> c.received().contains("<connection-timeout"))
                    .toList();
            assertThat(evicted).hasSize(401).allSatisfy(c -> assertThat(c.received())
                    .contains("too many unauthenticated connections from your address").endsWith("</stream:stream>"));
            assertThat(timedOut).hasSize(99).allSatisfy(c -> {
                assertThat(c.received()).endsWith("</stream:stream>");
                assertThat(c.openFor()).isLessThan(NEGOTIATION_TIMEOUT.plusSeconds(3));
            });
            assertThat(server.bean(ConnectionLimiter.class).unauthenticated()
                    .evicted(UnauthenticatedConnections.Cap.ADDRESS)).isEqualTo(401);
        } finally {
            trickle.shutdownNow();
            for (RawTcp c : slow) {
                c.close();
            }
        }
    }

    private static long closedCount(List<RawTcp> clients) {
        return clients.stream().filter(RawTcp::closed).count();
    }
}

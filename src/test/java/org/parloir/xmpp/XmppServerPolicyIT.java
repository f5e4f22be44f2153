package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.RawXmpp;
import org.parloir.testing.TestCertificates;
import org.parloir.testing.XmppClients;

/**
 * Server policy over real sockets: a configured certificate (PKCS#12 or PEM) replaces the generated one, the
 * per-address connection limit, the SASL retry limit, and the keep-alive ping of a silent client.
 */
class XmppServerPolicyIT {

    @TempDir
    Path data;

    @Test
    void configuredKeyStoreIsServedOnBothPorts() throws Exception {
        Path p12 = TestCertificates.selfSignedPkcs12ForDomain(data.resolve("site.p12"), "site-pass", "example.org");
        try (ParloirServer server = new ParloirServer(data).with("parloir.tls.key-store", p12.toString())
                .with("parloir.tls.key-store-password", "site-pass").start()) {
            XmppClients clients = new XmppClients(server, p12, "site-pass");
            XMPPTCPConnection starttls = clients.login(clients.starttls("example.org", "bob", "bob-secret"));
            assertThat(starttls.isSecureConnection()).isTrue();
            starttls.disconnect();
            clients.login(clients.directTls("example.org", "bob", "bob-secret")).disconnect();
        }
    }

    @Test
    void configuredPemFilesAreServed() throws Exception {
        Path p12 = TestCertificates.selfSignedPkcs12ForDomain(data.resolve("site.p12"), "site-pass", "example.org");
        Path[] pem = TestCertificates.toPem(p12, "site-pass", data);
        try (ParloirServer server = new ParloirServer(data).with("parloir.tls.certificate", pem[0].toString())
                .with("parloir.tls.private-key", pem[1].toString()).start()) {
            XmppClients clients = new XmppClients(server, p12, "site-pass");
            clients.login(clients.starttls("example.org", "alice", "alice-secret")).disconnect();
        }
    }

    @Test
    void unauthenticatedConnectionsPerAddressAreLimitedAndTheOldestMakesRoom() throws Exception {
        try (ParloirServer server = new ParloirServer(data).with("parloir.xmpp.limits.connections-per-ip", "3")
                .start()) {
            XmppClients clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
            // logged-in connections do not count: four users behind one address stay connected
            List<XMPPTCPConnection> users = new ArrayList<>();
            List<RawXmpp> open = new ArrayList<>();
            try {
                for (String user : List.of("alice", "bob", "bob", "alice")) {
                    users.add(clients.login(clients.starttls("example.org", user, user + "-secret")
                            .setResource("r" + users.size())));
                }
                for (int i = 0; i < 3; i++) {
                    RawXmpp raw = new RawXmpp(server.c2sPort()).send(RawXmpp.HEADER.formatted("example.org"));
                    assertThat(raw.readUntil("</stream:features>")).contains("<starttls");
                    open.add(raw);
                }
                // a fourth unauthenticated one is served, and the oldest of the three is told why it goes
                try (RawXmpp fourth = new RawXmpp(server.c2sPort())) {
                    assertThat(fourth.send(RawXmpp.HEADER.formatted("example.org")).readUntil("</stream:features>"))
                            .contains("<starttls");
                    assertThat(open.getFirst().readUntilClosed()).contains("<policy-violation")
                            .contains("too many unauthenticated connections from your address")
                            .endsWith("</stream:stream>");
                }
                assertThat(users).allMatch(XMPPTCPConnection::isAuthenticated);
            } finally {
                for (RawXmpp raw : open) {
                    raw.close();
                }
                users.forEach(XMPPTCPConnection::disconnect);
            }
        }
    }

    @Test
    void repeatedSaslFailuresCloseTheStream() throws Exception {
        try (ParloirServer server = new ParloirServer(data).with("parloir.xmpp.tls.required", "false")
                .with("parloir.xmpp.sasl.plain-without-tls", "true").with("parloir.xmpp.sasl.retries", "2")
                .with("parloir.xmpp.sasl.failure-delay", "1ms").start();
             RawXmpp raw = new RawXmpp(server.c2sPort())) {
            raw.send(RawXmpp.HEADER.formatted("example.org")).readUntil("</stream:features>");
            String wrong = Base64.getEncoder().encodeToString("\0bob\0nope".getBytes());
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + wrong + "</auth>");
            assertThat(raw.readUntil("</failure>")).contains("<not-authorized");
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + wrong + "</auth>");
            String end = raw.readUntilClosed();
            assertThat(end).contains("<not-authorized").contains("<policy-violation").endsWith("</stream:stream>");
        }
    }

    @Test
    void aSilentClientIsPingedAndDisconnected() throws Exception {
        try (ParloirServer server = new ParloirServer(data).with("parloir.xmpp.tls.required", "false")
                .with("parloir.xmpp.sasl.plain-without-tls", "true").with("parloir.xmpp.ping-interval", "1s")
                .with("parloir.xmpp.ping-timeout", "1s").start();
             RawXmpp raw = new RawXmpp(server.c2sPort())) {
            raw.send(RawXmpp.HEADER.formatted("example.org")).readUntil("</stream:features>");
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + Base64.getEncoder().encodeToString("\0bob\0bob-secret".getBytes()) + "</auth>");
            raw.readUntil("<success");
            raw.send(RawXmpp.HEADER.formatted("example.org")).readUntil("</stream:features>");
            raw.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            raw.readUntil("</iq>");
            // say nothing more: the server pings (XEP-0199), then gives up on us
            String rest = raw.readUntilClosed();
            assertThat(rest).contains("<ping xmlns=\"urn:xmpp:ping\"/>").contains("<connection-timeout")
                    .endsWith("</stream:stream>");
        }
    }

    @Test
    void aDetachedSessionThatWouldReplayTooMuchEndsAndItsMessagesGoOffline() throws Exception {
        try (ParloirServer server = XmppTestServers.twoDomains(data)
                .with("parloir.xmpp.stream-management.max-unacked", "10")
                .with("parloir.xmpp.offline.max-per-user", "5").start()) {
            XmppClients clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
            XMPPTCPConnection alice = clients.login(clients.starttls("example.org", "alice", "alice-secret"));
            XMPPTCPConnection bob = new XMPPTCPConnection(clients.starttls("example.org", "bob", "bob-secret")
                    .setResource("phone").build());
            bob.setUseStreamManagement(true);
            bob.setUseStreamManagementResumption(true);
            bob.connect().login();
            org.jxmpp.jid.EntityFullJid bobPhone = bob.getUser();
            bob.instantShutdown();
            for (int i = 0; i < 15; i++) {
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(bobPhone)
                        .ofType(org.jivesoftware.smack.packet.Message.Type.chat).setBody("m" + i).build());
            }
            // 11 overflow the queue: the session ends, 5 of them fit the offline store, the rest bounce
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    server.bean(org.parloir.xmpp.im.OfflineStore.class).count("bob@example.org") == 5);
            // a new session (no resumption possible any more) gets the stored ones
            XMPPTCPConnection again = new XMPPTCPConnection(clients.starttls("example.org", "bob", "bob-secret").build());
            // without XEP-0198 here: this server's queue limit (10) is smaller than a login's first burst
            again.setUseStreamManagement(false);
            java.util.Set<String> bodies = java.util.concurrent.ConcurrentHashMap.newKeySet();
            again.addAsyncStanzaListener(st -> bodies.add(((org.jivesoftware.smack.packet.Message) st).getBody()),
                    st -> st instanceof org.jivesoftware.smack.packet.Message m && m.getBody() != null);
            again.connect().login();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> bodies.size() == 5);
            again.disconnect();
            alice.disconnect();
        }
    }

    @Test
    void serverPingsAreCountedByStreamManagement() throws Exception {
        try (ParloirServer server = XmppTestServers.twoDomains(data).with("parloir.xmpp.ping-interval", "1s")
                .with("parloir.xmpp.ping-timeout", "5s").start()) {
            XmppClients clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
            XMPPTCPConnection bob = new XMPPTCPConnection(clients.starttls("example.org", "bob", "bob-secret").build());
            bob.setUseStreamManagement(true);
            java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
            // Smack answers server pings by itself: count the answers it sends
            bob.addStanzaSendingListener(st -> pings.incrementAndGet(),
                    st -> st.getStanzaId() != null && st.getStanzaId().startsWith("parloir-ping-"));
            bob.connect().login();
            assertThat(bob.isSmEnabled()).isTrue();
            // stay idle until the server has pinged us a few times, then make both sides compare counts
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> pings.get() >= 3);
            // enough stanzas for the server to ask for an ack (<r/>): the client's h then includes the pings
            XMPPTCPConnection alice = clients.login(clients.starttls("example.org", "alice", "alice-secret"));
            java.util.concurrent.atomic.AtomicInteger got = new java.util.concurrent.atomic.AtomicInteger();
            bob.addAsyncStanzaListener(st -> got.incrementAndGet(),
                    st -> st instanceof org.jivesoftware.smack.packet.Message m && m.getBody() != null);
            for (int i = 0; i < 12; i++) {
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(bob.getUser())
                        .ofType(org.jivesoftware.smack.packet.Message.Type.chat).setBody("n" + i).build());
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> got.get() == 12);
            alice.disconnect();
            bob.requestSmAcknowledgement();
            assertThat(org.jivesoftware.smackx.ping.PingManager.getInstanceFor(bob).pingMyServer()).isTrue();
            assertThat(bob.isConnected()).isTrue();
            bob.disconnect();
        }
    }

    @Test
    void aNewSessionForTheSameResourceInheritsWhatTheOldOneNeverAcknowledged() throws Exception {
        try (ParloirServer server = XmppTestServers.twoDomains(data).start()) {
            XmppClients clients = new XmppClients(server, data.resolve("tls-self-signed.p12"));
            XMPPTCPConnection alice = clients.login(clients.starttls("example.org", "alice", "alice-secret"));
            XMPPTCPConnection bob = new XMPPTCPConnection(clients.starttls("example.org", "bob", "bob-secret")
                    .setResource("desk").build());
            bob.setUseStreamManagement(true);
            bob.setUseStreamManagementResumption(true);
            bob.connect().login();
            org.jxmpp.jid.EntityFullJid desk = bob.getUser();
            bob.instantShutdown();
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(desk)
                    .ofType(org.jivesoftware.smack.packet.Message.Type.chat).setBody("kept for you").build());
            org.jivesoftware.smackx.ping.PingManager.getInstanceFor(alice).pingMyServer();
            // no resumption: a fresh login that binds the same resource replaces the waiting session
            XMPPTCPConnection again = new XMPPTCPConnection(clients.starttls("example.org", "bob", "bob-secret")
                    .setResource("desk").build());
            java.util.concurrent.BlockingQueue<String> bodies = new java.util.concurrent.LinkedBlockingQueue<>();
            again.addAsyncStanzaListener(st -> bodies.add(((org.jivesoftware.smack.packet.Message) st).getBody()),
                    st -> st instanceof org.jivesoftware.smack.packet.Message m && m.getBody() != null);
            again.connect().login();
            assertThat(bodies.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("kept for you");
            again.disconnect();
            alice.disconnect();
        }
    }

    @Test
    void accountCreationIsRateLimitedPerAddress() throws Exception {
        try (ParloirServer server = new ParloirServer(data).with("parloir.domains[0].name", "chat.test")
                .with("parloir.domains[0].accounts", "local").with("parloir.xmpp.registration.enabled", "true")
                .with("parloir.xmpp.registration.per-address-per-minute", "2")
                .with("parloir.xmpp.tls.required", "false").start();
             RawXmpp raw = new RawXmpp(server.c2sPort())) {
            raw.send(RawXmpp.HEADER.formatted("chat.test")).readUntil("</stream:features>");
            for (int i = 1; i <= 3; i++) {
                raw.send("<iq type='set' id='r" + i + "'><query xmlns='jabber:iq:register'><username>spam" + i
                        + "</username><password>pw</password></query></iq>");
                String answer = raw.readUntil(i < 3 ? "id=\"r" + i + "\"" : "</iq>");
                if (i < 3) {
                    assertThat(answer).contains("type=\"result\"");
                } else {
                    assertThat(answer).contains("type=\"error\"").contains("<resource-constraint");
                }
            }
        }
    }
}

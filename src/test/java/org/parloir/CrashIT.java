package org.parloir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parloir.testing.ParloirProcess;
import org.parloir.testing.XmppClients;

/**
 * Issue 9: what the server answered "done" survives a SIGKILL. The jar runs in a process of its own, real clients
 * load it, the process is killed with SIGKILL (right after the last answer, or in the middle of the load) and
 * started again on the same data folder; then everything that was acknowledged is counted.
 */
class CrashIT {

    private static final String PEER_DOMAIN = "example.org";

    @TempDir
    Path data;

    private ParloirProcess server() {
        return new ParloirProcess(data)
                .with("parloir.xmpp.registration.enabled", "true")
                .with("parloir.xmpp.registration.per-address-per-minute", "10000");
    }

    private XmppClients clients(ParloirProcess server) throws Exception {
        return new XmppClients(server.c2sPort(), server.c2sTlsPort(), server.keyStore(), "parloir");
    }

    /**
     * alice (stream management on) writes to bob, who is offline; every message the server acknowledged with an
     * XEP-0198 {@code <a/>} before the kill reaches bob after the restart, exactly once.
     */
    @ParameterizedTest(name = "killed after {0} of 200 acknowledgements")
    @ValueSource(ints = {200, 100})
    void everyAcknowledgedOfflineMessageIsDeliveredOnce(int killAfter) throws Exception {
        ParloirProcess server = server().start();
        try {
            XmppClients clients = clients(server);
            XMPPTCPConnection alice = clients.login(clients.starttls(PEER_DOMAIN, "alice", "alice-secret"));
            assertThat(alice.isSmEnabled()).as("stream management enabled").isTrue();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            CountDownLatch enough = new CountDownLatch(1);
            alice.addStanzaAcknowledgedListener(s -> {
                if (s instanceof Message m && m.getStanzaId() != null && m.getStanzaId().startsWith("offline-")) {
                    acked.add(m.getStanzaId());
                    if (acked.size() >= killAfter) {
                        enough.countDown();
                    }
                }
            });
            for (int i = 1; i <= 200; i++) {
                alice.sendStanza(org.jivesoftware.smack.packet.StanzaBuilder.buildMessage("offline-" + i)
                        .to(JidCreate.bareFrom("bob@" + PEER_DOMAIN)).ofType(Message.Type.chat)
                        .setBody("while you were out " + i).build());
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("%d acknowledgements", killAfter).isTrue();
            server.kill();
            Set<String> acknowledged = Set.copyOf(acked);
            alice.instantShutdown();

            server.start();
            XmppClients again = clients(server);
            XMPPTCPConnection bob = new XMPPTCPConnection(again.starttls(PEER_DOMAIN, "bob", "bob-secret").build());
            bob.setReplyTimeout(20_000);
            StanzaCollector inbox = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            bob.connect().login();
            // the ping is served after the login's presence, whose work delivered every stored message
            PingManager.getInstanceFor(bob).pingMyServer();
            Map<String, Integer> received = new HashMap<>();
            for (Stanza s = inbox.pollResult(); s != null; s = inbox.pollResult()) {
                if (s instanceof Message m && m.getStanzaId() != null && m.getStanzaId().startsWith("offline-")) {
                    received.merge(m.getStanzaId(), 1, Integer::sum);
                }
            }
            inbox.cancel();
            bob.disconnect();
            assertThat(acknowledged).as("acknowledged before the kill").hasSizeGreaterThanOrEqualTo(killAfter);
            assertThat(received.keySet()).as("acknowledged messages delivered after the restart")
                    .containsAll(acknowledged);
            assertThat(received).as("messages delivered twice").allSatisfy((id, n) -> assertThat(n).isOne());
        } finally {
            server.kill();
        }
    }

    /**
     * In-band registrations (XEP-0077) into the embedded directory and a password change: every one answered
     * {@code result} before the kill logs in after the restart. At 20 the kill falls while four clients are still
     * registering; at 40 it follows the last answer.
     */
    @ParameterizedTest(name = "killed after {0} of 40 registrations")
    @ValueSource(ints = {40, 20})
    void everyAcknowledgedRegistrationLogsIn(int killAfter) throws Exception {
        ParloirProcess server = server().start();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try {
            XmppClients clients = clients(server);
            XMPPTCPConnection carol = clients.login(clients.starttls(PEER_DOMAIN, "carol.martin", "carol-secret"));
            AccountManager.getInstance(carol).changePassword("carol-changed");
            carol.instantShutdown();
            AtomicBoolean killed = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(1);
            try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
                for (int w = 0; w < 4; w++) {
                    int worker = w;
                    workers.submit(() -> {
                        for (int i = worker; i < 40 && !killed.get(); i += 4) {
                            String name = "crash" + i;
                            try {
                                clients.register(PEER_DOMAIN, name, "pw-" + name);
                                answered.add(name);
                                if (answered.size() >= killAfter) {
                                    enough.countDown();
                                }
                            } catch (Exception e) {
                                return; // the server was killed under this client
                            }
                        }
                    });
                }
                assertThat(enough.await(120, TimeUnit.SECONDS)).as("%d registrations", killAfter).isTrue();
                killed.set(true);
                server.kill();
            }
            Set<String> acknowledged = Set.copyOf(answered);

            server.start();
            XmppClients again = clients(server);
            List<String> refused = new ArrayList<>();
            for (String name : acknowledged) {
                try {
                    again.login(again.starttls(PEER_DOMAIN, name, "pw-" + name)).disconnect();
                } catch (Exception e) {
                    refused.add(name + ": " + e.getMessage());
                }
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(killAfter);
            assertThat(refused).as("registered accounts refused after the restart").isEmpty();
            again.login(again.starttls(PEER_DOMAIN, "carol.martin", "carol-changed")).disconnect();
        } finally {
            server.kill();
        }
    }
}

package org.parloir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.FreePorts;
import org.parloir.testing.GatewaySpec;
import org.parloir.testing.ParloirProcess;
import org.parloir.testing.Sipp;
import org.parloir.testing.XmppClients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
     * One load of all three kinds at once, then a SIGKILL — right after the last answer, or in the middle of the
     * load — and a restart on the same data:
     * <ul>
     * <li>alice (stream management on) writes to bob, who is offline: every message acknowledged by an XEP-0198
     * {@code <a/>} before the kill reaches bob after the restart, exactly once;</li>
     * <li>four clients register accounts in-band into the embedded directory, and carol changes her password: every
     * registration answered {@code result} logs in after the restart, carol with her new password;</li>
     * <li>SIP.edu calls through the B2BUA to a SIPp gateway, 50 a second: every call whose BYE got its 200 before
     * the kill has exactly one CDR.</li>
     * </ul>
     */
    @ParameterizedTest(name = "killed {0}")
    @ValueSource(strings = {"after the last answer", "in the middle of the load"})
    void nothingAcknowledgedIsLost(String moment) throws Exception {
        boolean during = moment.startsWith("in the middle");
        int messages = during ? 5000 : 200;
        int registrations = during ? 400 : 40;
        int calls = 300;
        int gatewayPort = FreePorts.udpAndTcp();
        int callerPort = FreePorts.udpAndTcp();
        ParloirProcess server = server()
                .with("parloir.sip.routing.region", "FR")
                .with("parloir.sip.routing.mode", "phone")
                .with("parloir.sip.b2bua.session-expires", "0")
                .with(GatewaySpec.named("gw").neverDown().rewrite("+33", "0").properties(0, gatewayPort))
                .start();
        Set<String> ackedMessages = ConcurrentHashMap.newKeySet();
        Set<String> registered = ConcurrentHashMap.newKeySet();
        Set<String> endedCalls;
        AtomicBoolean killed = new AtomicBoolean();
        try {
            XmppClients clients = clients(server);
            XMPPTCPConnection carol = clients.login(clients.starttls(PEER_DOMAIN, "carol.martin", "carol-secret"));
            AccountManager.getInstance(carol).changePassword("carol-changed");
            carol.instantShutdown();
            XMPPTCPConnection alice = clients.login(clients.starttls(PEER_DOMAIN, "alice", "alice-secret"));
            assertThat(alice.isSmEnabled()).as("stream management enabled").isTrue();
            alice.addStanzaAcknowledgedListener(s -> {
                if (s instanceof Message m && m.getStanzaId() != null && m.getStanzaId().startsWith("offline-")) {
                    ackedMessages.add(m.getStanzaId());
                }
            });
            try (Sipp gateway = Sipp.start(data.resolve("sipp-gw"), "gw_answer.xml", gatewayPort, "-m",
                    Integer.toString(calls));
                 Sipp callers = Sipp.start(data.resolve("sipp-uac"),
                         Path.of("bench/sip/scenarios/uac_sipedu.xml"), callerPort, "127.0.0.1:" + server.sipPort(),
                         "-s", "bob", "-key", "domain", "example.org", "-r", "50", "-m", Integer.toString(calls),
                         "-d", "200", "-l", "100");
                 ExecutorService load = Executors.newFixedThreadPool(5)) {
                // a message every 5 ms: spread over the calls, so a kill in the middle finds some in flight
                load.submit(() -> {
                    for (int i = 1; i <= messages && !killed.get(); i++) {
                        alice.sendStanza(StanzaBuilder.buildMessage("offline-" + i)
                                .to(JidCreate.bareFrom("bob@" + PEER_DOMAIN)).ofType(Message.Type.chat)
                                .setBody("while you were out " + i).build());
                        LockSupport.parkNanos(5_000_000);
                    }
                    return null;
                });
                for (int w = 0; w < 4; w++) {
                    int worker = w;
                    load.submit(() -> {
                        for (int i = worker; i < registrations && !killed.get(); i += 4) {
                            String name = "crash" + i;
                            try {
                                clients.register(PEER_DOMAIN, name, "pw-" + name);
                                registered.add(name);
                            } catch (Exception e) {
                                return; // the server was killed under this client
                            }
                        }
                    });
                }
                if (during) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> endedCalls(callers.messages()).size() >= 100
                            && ackedMessages.size() >= 50 && registered.size() >= 10);
                } else {
                    assertThat(callers.exitCode(Duration.ofSeconds(120))).as(callers::output).isZero();
                    await().atMost(Duration.ofSeconds(120)).until(() -> ackedMessages.size() == messages
                            && registered.size() == registrations);
                }
                killed.set(true);
                server.kill();
                endedCalls = endedCalls(callers.messages());
                load.shutdownNow();
            }
            alice.instantShutdown();
            Set<String> acknowledged = Set.copyOf(ackedMessages);
            Set<String> accounts = Set.copyOf(registered);

            server.start();
            assertThat(acknowledged).as("messages acknowledged before the kill").hasSizeGreaterThanOrEqualTo(
                    during ? 50 : messages);
            assertThat(accounts).as("registrations answered before the kill").hasSizeGreaterThanOrEqualTo(
                    during ? 10 : registrations);
            assertThat(endedCalls).as("calls whose BYE was answered before the kill").hasSizeGreaterThanOrEqualTo(
                    during ? 100 : calls);
            assertMessagesDeliveredOnce(server, acknowledged);
            assertAccountsLogIn(server, accounts);
            assertOneCdrEach(server, endedCalls);
        } finally {
            server.kill();
        }
    }

    private void assertMessagesDeliveredOnce(ParloirProcess server, Set<String> acknowledged) throws Exception {
        XmppClients clients = clients(server);
        XMPPTCPConnection bob = new XMPPTCPConnection(clients.starttls(PEER_DOMAIN, "bob", "bob-secret").build());
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
        assertThat(received.keySet()).as("acknowledged messages delivered after the restart")
                .containsAll(acknowledged);
        assertThat(received).as("messages delivered twice").allSatisfy((id, n) -> assertThat(n).isOne());
    }

    private void assertAccountsLogIn(ParloirProcess server, Set<String> accounts) throws Exception {
        XmppClients clients = clients(server);
        List<String> refused = new ArrayList<>();
        for (String name : accounts) {
            try {
                clients.login(clients.starttls(PEER_DOMAIN, name, "pw-" + name)).disconnect();
            } catch (Exception e) {
                refused.add(name + ": " + e.getMessage());
            }
        }
        assertThat(refused).as("registered accounts refused after the restart").isEmpty();
        clients.login(clients.starttls(PEER_DOMAIN, "carol.martin", "carol-changed")).disconnect();
    }

    private static void assertOneCdrEach(ParloirProcess server, Set<String> endedCalls) throws Exception {
        JsonNode page = new JsonMapper().readTree(new AdminHttp(server).get("/actuator/cdrs?size=500"));
        Map<String, Integer> cdrs = new HashMap<>();
        page.get("records").forEach(r -> cdrs.merge(r.get("callId").asString(), 1, Integer::sum));
        assertThat(cdrs.keySet()).as("CDRs after the restart").containsAll(endedCalls);
        assertThat(cdrs).as("calls with more than one CDR").allSatisfy((id, n) -> assertThat(n).isOne());
    }

    private static final java.util.regex.Pattern CALL_ID = java.util.regex.Pattern.compile(
            "(?im)^(?:Call-ID|i):\\s*(\\S+)");

    /** Call-IDs of the 200 OKs to BYE that SIPp received ({@code -trace_msg} log). */
    private static Set<String> endedCalls(String log) {
        Set<String> ids = new java.util.HashSet<>();
        for (String block : log.split("-{20,}")) {
            int start = block.indexOf("SIP/2.0 200");
            if (!block.contains("message received") || start < 0) {
                continue;
            }
            String message = block.substring(start);
            if (message.matches("(?is).*\\nCSeq:\\s*\\d+\\s+BYE.*")) {
                java.util.regex.Matcher m = CALL_ID.matcher(message);
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }
}

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
import org.parloir.testing.AdminHttp;
import org.parloir.testing.FreePorts;
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

    /**
     * SIP.edu calls through the B2BUA to a SIPp gateway (300 calls, 50 a second): every call whose BYE got its 200
     * before the kill has exactly one CDR after the restart; killed after the last one, all 300 have one.
     */
    @ParameterizedTest(name = "killed {0}")
    @ValueSource(strings = {"after the last call", "during the calls"})
    void everyFinishedCallHasExactlyOneCdr(String moment) throws Exception {
        boolean during = moment.startsWith("during");
        int calls = 300;
        int gatewayPort = FreePorts.udpAndTcp();
        int callerPort = FreePorts.udpAndTcp();
        ParloirProcess server = server()
                .with("parloir.sip.routing.region", "FR")
                .with("parloir.sip.routing.mode", "phone")
                .with("parloir.sip.b2bua.session-expires", "0")
                .with("parloir.pstn.gateways[0].name", "gw")
                .with("parloir.pstn.gateways[0].address", "127.0.0.1:" + gatewayPort)
                .with("parloir.pstn.gateways[0].options-interval", "0")
                .with("parloir.pstn.gateways[0].failures-to-down", "100000")
                .with("parloir.pstn.gateways[0].prefix-rules[0].match", "+33")
                .with("parloir.pstn.gateways[0].prefix-rules[0].replace", "0")
                .start();
        Set<String> ended;
        try (Sipp gateway = Sipp.start(data.resolve("sipp-gw"), "gw_answer.xml", gatewayPort, "-m",
                Integer.toString(calls));
             Sipp callers = Sipp.start(data.resolve("sipp-uac"), Path.of("bench/sip/scenarios/uac_sipedu.xml"),
                     callerPort, "127.0.0.1:" + server.sipPort(), "-s", "bob", "-key", "domain", "example.org",
                     "-r", "50", "-m", Integer.toString(calls), "-d", "200", "-l", "100")) {
            if (during) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                        .until(() -> endedCalls(callers.messages()).size() >= calls / 3);
            } else {
                assertThat(callers.exitCode(java.time.Duration.ofSeconds(120))).as(callers::output).isZero();
            }
            server.kill();
            ended = endedCalls(callers.messages());
        }
        server.start();
        JsonNode page = new JsonMapper().readTree(new AdminHttp(server).get("/actuator/cdrs?size=500"));
        Map<String, Integer> cdrs = new HashMap<>();
        page.get("records").forEach(r -> cdrs.merge(r.get("callId").asString(), 1, Integer::sum));
        server.kill();
        assertThat(ended).as("calls whose BYE was answered before the kill").hasSizeGreaterThanOrEqualTo(
                during ? calls / 3 : calls);
        assertThat(cdrs.keySet()).as("CDRs after the restart").containsAll(ended);
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

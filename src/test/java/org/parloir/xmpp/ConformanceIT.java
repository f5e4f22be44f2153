package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.igniterealtime.smack.inttest.SuccessfulTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;

/**
 * The XMPP interop conformance suite (Smack Integration Test Framework 4.5.0-beta5) against a started Parloir:
 * accounts made by in-band registration on a local-accounts domain, no TLS (as the anchors were measured).
 * The suite connects to port 5222 (it has no port setting), so this test needs that port free. Writes
 * {@code target/conformance-report.txt}; fails on any failure outside the classes listed as not claimed.
 */
class ConformanceIT {

    /**
     * Test classes of specifications Parloir does not serve yet, and single tests that are unreliable for reasons
     * outside the server, with the reason; they still run and their results are reported, but their failures do not
     * fail the build. Everything else must pass.
     */
    static final Map<String, String> NOT_CLAIMED = Map.ofEntries(
            // four XEP-0045 tests race inside Smack 4.5.0-beta5, not against the server: they fail now and then
            Map.entry("MultiUserChatOccupantIntegrationTest.mucChangeNicknameInformationTest", "Smack wakes join()"
                    + " before its self-presence went through the listeners, so a listener added right after join()"
                    + " may count that presence too"),
            Map.entry("MultiUserChatOccupantIntegrationTest.mucLeaveTest", "Smack now and then handles the"
                    + " self-presence of the immediate re-join only after its reply timeout (the server writes it"
                    + " within a millisecond)"),
            Map.entry("MultiUserChatOccupantIntegrationTest.mucJoinPresenceInformationTest", "Smack sets 'joined' and"
                    + " wakes join() before it hands the self-presence to the participant listeners the test counts"),
            Map.entry("MultiUserChatOccupantIntegrationTest.mucMaxUsersLimitJoinRoomTest", "Smack removes the room's"
                    + " presence listener when join() fails, so the test may never see the service-unavailable it waits"
                    + " for"),
            Map.entry("Mam", "XEP-0313 archive: not built"),
            Map.entry("PubSub", "XEP-0060 publish-subscribe: not built"),
            Map.entry("Pep", "XEP-0163 PEP: not built"),
            Map.entry("Geolocation", "XEP-0080 over PEP: not built"),
            Map.entry("Mood", "XEP-0107 over PEP: not built"),
            Map.entry("UserTune", "XEP-0118 over PEP: not built"),
            Map.entry("Omemo", "OMEMO needs PEP: not built"),
            Map.entry("Ox", "OpenPGP for XMPP needs PEP: not built"),
            Map.entry("HttpFileUpload", "XEP-0363 upload service: not built"),
            Map.entry("FileTransfer", "XEP-0096/0065 file transfer proxies: not built"),
            Map.entry("AdHocCommand", "XEP-0050 ad-hoc commands: not built"),
            Map.entry("IoT", "XEP-0323/0325/0347 IoT: not served"));

    @TempDir
    Path data;

    @Test
    void smackIntegrationTestSuite() throws Exception {
        try (ParloirServer server = new ParloirServer(data)
                .with("parloir.domains[0].name", "sint.test")
                .with("parloir.domains[0].accounts", "local")
                .with("parloir.xmpp.c2s-port", "5222")
                .with("parloir.xmpp.registration.enabled", "true")
                .with("parloir.xmpp.tls.required", "false")
                // the suite keeps one unauthenticated connection for registrations during the whole run
                .with("parloir.xmpp.negotiation-timeout", "30m")
                .with("parloir.xmpp.sasl.plain-without-tls", "true")
                .start()) {
            // the suite reads its settings from sinttest.* system properties (the host has no builder method)
            // no TLS, as the Prosody and ejabberd figures were taken (the suite's certificate pin is not applied
            // to the connections it opens for in-band registration); TLS logins are covered by XmppLoginIT
            Map<String, String> settings = Map.of("sinttest.service", "sint.test", "sinttest.host", "127.0.0.1",
                    "sinttest.securityMode", "disabled", "sinttest.replyTimeout", "10000",
                    "sinttest.dnsResolver", "javax", "sinttest.defaultConnection", "tcp",
                    "sinttest.enabledConnections", "tcp");
            settings = new java.util.HashMap<>(settings);
            // -Dsint.enabledTests=PingIntegrationTest -Dsint.debugger=console narrow a run while investigating
            for (String knob : new String[] {"enabledTests", "debugger"}) {
                String value = System.getProperty("sint." + knob);
                if (value != null && !value.isBlank()) {
                    settings.put("sinttest." + knob, value);
                }
            }
            TestRunResult result = run(settings);
            List<String> unclaimedFailures = report(result, "target/conformance-report.txt");
            if (!unclaimedFailures.isEmpty()) {
                // the suite has timing races of its own (see the README): failures in claimed specifications get one
                // more run of just those tests on the same server; both runs are reported, a second failure fails
                List<String> again = unclaimedFailures.stream().map(f -> f.substring(0, f.indexOf(' '))).distinct()
                        .toList();
                settings.put("sinttest.enabledTests", String.join(",", again));
                TestRunResult rerun = run(settings);
                assertThat(rerun.getSuccessfulTests().size() + rerun.getFailedTests().size())
                        .as("the rerun ran exactly the failed tests").isEqualTo(again.size());
                unclaimedFailures = report(rerun, "target/conformance-rerun-report.txt");
            }
            assertThat(result.getSuccessfulTests()).isNotEmpty();
            assertThat(unclaimedFailures).as("failures in specifications Parloir claims").isEmpty();
        }
    }

    private static TestRunResult run(Map<String, String> settings) throws Exception {
        settings.forEach(System::setProperty);
        Configuration config;
        try {
            config = Configuration.newConfiguration(new String[0]);
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        org.jivesoftware.smackx.iqregister.AccountManager.sensitiveOperationOverInsecureConnectionDefault(true);
        try {
            return new SmackIntegrationTestFramework(config).run();
        } finally {
            org.jivesoftware.smackx.iqregister.AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
        }
    }

    /** Writes the report; returns the failures outside {@link #NOT_CLAIMED} as "Class.method (...): reason". */
    private static List<String> report(TestRunResult result, String file) throws Exception {
        Map<String, int[]> perClass = new TreeMap<>();
        for (SuccessfulTest t : result.getSuccessfulTests()) {
            perClass.computeIfAbsent(t.concreteTest.toString().split("\\.")[0].split(" ")[0], k -> new int[2])[0]++;
        }
        List<String> lines = new ArrayList<>();
        List<String> unclaimed = new ArrayList<>();
        for (FailedTest t : result.getFailedTests()) {
            String name = t.concreteTest.toString();
            perClass.computeIfAbsent(name.split("\\.")[0].split(" ")[0], k -> new int[2])[1]++;
            String reason = NOT_CLAIMED.entrySet().stream().filter(e -> name.contains(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            lines.add("FAILED " + name + " -- " + t.failureReason + (reason == null ? "" : " [not claimed: " + reason + "]"));
            if (reason == null) {
                unclaimed.add(name + ": " + t.failureReason);
            }
        }
        StringBuilder out = new StringBuilder("Smack Integration Test Framework 4.5.0-beta5 against Parloir\n")
                .append("available=").append(result.getNumberOfAvailableTests())
                .append(" passed=").append(result.getSuccessfulTests().size())
                .append(" failed=").append(result.getFailedTests().size())
                .append(" not-possible=").append(result.getNotPossibleTests().size())
                .append(" impossible-classes=").append(result.getImpossibleTestClasses().size()).append('\n');
        perClass.forEach((k, v) -> out.append(String.format("%-70s passed %3d failed %3d%n", k, v[0], v[1])));
        lines.forEach(l -> out.append(l).append('\n'));
        result.getNotPossibleTests().forEach(t -> out.append("NOT POSSIBLE ").append(t.concreteTest).append(" -- ")
                .append(t.testNotPossibleException.getMessage()).append('\n'));
        result.getImpossibleTestClasses().forEach((c, e) -> out.append("IMPOSSIBLE CLASS ").append(c.getSimpleName())
                .append(" -- ").append(e.getMessage()).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of(file), out);
        System.out.println(out);
        return unclaimed;
    }
}

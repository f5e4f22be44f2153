package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CdrQuery;
import org.parloir.testing.AdminHttp;
import org.parloir.testing.FreePorts;
import org.parloir.testing.GatewaySpec;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.Sipp;

/**
 * Toll fraud: SIPp callers with real credentials place PSTN calls above each per-user limit (concurrent calls,
 * calls per hour, international calls per day); the calls above a limit get 403 with the limit as reason phrase
 * and never reach the gateway, the others are placed, and the users show in {@code /actuator/health/pstn}.
 */
class TollFraudIT {

    @TempDir
    static Path work;
    static ParloirServer server;
    static int gw;

    @BeforeAll
    static void start() {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        server = new ParloirServer(work.resolve("data")).region("FR").gateway(GatewaySpec.gateway().neverDown())
                .with("parloir.pstn.limits.concurrent-calls", "2")
                .with("parloir.pstn.limits.calls-per-hour", "5")
                .with("parloir.pstn.limits.domains.[example.org].international-calls-per-day", "1")
                .start();
        gw = server.gatewayPort(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void callsAboveEachLimitAreRefusedAndNeverReachTheGateway() throws Exception {
        // alice: four calls at once, each held 4 s: two are placed, two refused
        Map<Integer, Long> alice = calls("alice", "alice-secret", List.of("0139635511", "0139635512",
                "0139635513", "0139635514"), 4, 4000);
        assertThat(alice).containsEntry(200, 2L).containsEntry(403, 2L);
        // bob: seven calls one after the other: five in the hour, then refused
        Map<Integer, Long> bob = calls("bob", "bob-secret", List.of("0139635521", "0139635522", "0139635523",
                "0139635524", "0139635525", "0139635526", "0139635527"), 1, 100);
        assertThat(bob).containsEntry(200, 5L).containsEntry(403, 2L);
        // carol: two calls abroad (one a day in example.org) and one at home
        Map<Integer, Long> carol = calls("carol.martin", "carol-secret", List.of("+442079460001",
                "+442079460002", "0139635531"), 1, 100);
        assertThat(carol).containsEntry(200, 2L).containsEntry(403, 1L);
        assertThat(cdrs("carol.martin")).filteredOn(c -> c.status() == 403)
                .singleElement().satisfies(c -> assertThat(c.translatedNumber()).isEqualTo("+442079460002"));

        String trace = String.join("\n", traces);
        assertThat(trace).contains("SIP/2.0 403 Too many simultaneous calls", "SIP/2.0 403 Hourly call limit reached",
                "SIP/2.0 403 Daily international call limit reached");

        String health = new AdminHttp(server).get("/actuator/health/pstn");
        assertThat(health).contains("\"overLimit\"", "alice@example.org", "\"concurrent\"", "bob@example.org",
                "\"hourly\"", "carol.martin@example.org", "\"international\"");
        double refused = server.bean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("parloir.pstn.calls.refused").counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(refused).isEqualTo(5);
    }

    private static final List<String> traces = new ArrayList<>();
    private static int runs;

    /**
     * {@code user} dials each of {@code numbers} ({@code parallel} at a time, each answered call held
     * {@code holdMillis}) against a SIPp gateway that answers exactly the calls that reach it; the CDR statuses.
     */
    private Map<Integer, Long> calls(String user, String password, List<String> numbers, int parallel,
                                     int holdMillis) throws Exception {
        Path dir = work.resolve("run-" + (++runs));
        Files.createDirectories(dir);
        Path csv = dir.resolve("calls.csv");
        List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
        numbers.forEach(n -> lines.add(user + ";[authentication username=" + user + " password=" + password + "];"
                + n));
        Files.write(csv, lines);
        int placed;
        try (Sipp gateway = Sipp.start(dir.resolve("gw"), "gw_answer.xml", gw, "-m", "1000");
             Sipp caller = Sipp.start(dir.resolve("uac"), "uac_pstn_limit.xml", FreePorts.udpAndTcp(),
                     server.sipHostPort(), "-inf", csv.toString(), "-key", "domain", "example.org",
                     "-m", Integer.toString(numbers.size()), "-l", Integer.toString(parallel), "-r", "50",
                     "-d", Integer.toString(holdMillis))) {
            assertThat(caller.exitCode(Duration.ofSeconds(60))).as(caller::output).isZero();
            traces.add(caller.messages());
            placed = (int) gateway.messages().lines().filter(l -> l.startsWith("INVITE ")).count();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cdrs(user).size() == numbers.size());
        Map<Integer, Long> statuses = cdrs(user).stream()
                .collect(Collectors.groupingBy(CallDetail::status, Collectors.counting()));
        assertThat(placed).as("INVITEs the gateway saw").isEqualTo(statuses.getOrDefault(200, 0L).intValue());
        return statuses;
    }

    private static List<CallDetail> cdrs(String user) {
        return server.bean(CdrQuery.class).find(null, null, user + "@", null, 0, 100).records();
    }
}

package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.parloir.core.E164;
import org.parloir.pstn.spi.AttemptOutcome;
import org.parloir.pstn.spi.GatewayStatus;
import org.parloir.pstn.spi.GatewayTarget;

class SipTrunkAdapterTest {

    private static final E164 PARIS = new E164("+33139635511");
    private final FakeSignalling signalling = new FakeSignalling();
    private final ManualTimers timers = new ManualTimers();
    private final SplittableRandom random = new SplittableRandom(42);

    /** Gateways given as {@code name=address;priority;weight}, pings off unless the map says otherwise. */
    private SipTrunkAdapter adapter(Map<String, String> extra, String... gateways) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < gateways.length; i++) {
            int eq = gateways[i].indexOf('=');
            String[] f = gateways[i].substring(eq + 1).split(",");
            String p = "parloir.pstn.gateways[" + i + "].";
            props.put(p + "name", gateways[i].substring(0, eq));
            props.put(p + "address", f[0]);
            props.put(p + "priority", f[1]);
            props.put(p + "weight", f[2]);
            props.put(p + "options-interval", "0");
        }
        props.putAll(extra);
        return new SipTrunkAdapter(PstnBinding.bind(props), signalling, timers, Clock.systemUTC(), () -> random);
    }

    private static List<String> names(List<GatewayTarget> targets) {
        return targets.stream().map(GatewayTarget::gateway).toList();
    }

    @Test
    void nothingConfiguredNoCandidates() {
        SipTrunkAdapter a = adapter(Map.of());
        assertThat(a.configured()).isFalse();
        assertThat(a.candidates(PARIS)).isEmpty();
        assertThat(a.name()).isEqualTo("sip-trunk");
    }

    @Test
    void lowerPriorityFirst() {
        SipTrunkAdapter a = adapter(Map.of(), "backup=10.0.0.2:5060,20,1", "main=10.0.0.1:5060,5,1",
                "last=10.0.0.3:5060,30,100");
        for (int i = 0; i < 50; i++) {
            assertThat(names(a.candidates(PARIS))).containsExactly("main", "backup", "last");
        }
    }

    @Test
    void weightsShareTheFirstPlaceWithinAPriority() {
        SipTrunkAdapter a = adapter(Map.of(), "big=10.0.0.1:5060,10,3", "small=10.0.0.2:5060,10,1");
        int bigFirst = 0;
        for (int i = 0; i < 10_000; i++) {
            List<String> order = names(a.candidates(PARIS));
            assertThat(order).containsExactlyInAnyOrder("big", "small");
            bigFirst += order.getFirst().equals("big") ? 1 : 0;
        }
        assertThat(bigFirst).isBetween(7_000, 8_000);
    }

    @Test
    void weightZeroOnlyAfterTheWeightedOnes() {
        SipTrunkAdapter a = adapter(Map.of(), "spare=10.0.0.3:5060,10,0", "a=10.0.0.1:5060,10,1",
                "b=10.0.0.2:5060,10,1");
        for (int i = 0; i < 50; i++) {
            assertThat(names(a.candidates(PARIS)).getLast()).isEqualTo("spare");
        }
    }

    @Test
    void downGatewaysComeAfterTheHealthyOnesButStillCome() {
        SipTrunkAdapter a = adapter(Map.of(), "main=10.0.0.1:5060,5,1", "backup=10.0.0.2:5060,20,1");
        GatewayTarget main = a.candidates(PARIS).getFirst();
        a.report(main, AttemptOutcome.FAILED);
        assertThat(names(a.candidates(PARIS))).containsExactly("backup", "main");
        a.report(main, AttemptOutcome.WORKING);
        assertThat(names(a.candidates(PARIS))).containsExactly("main", "backup");
        a.report(main, AttemptOutcome.TIMEOUT);
        assertThat(a.status()).filteredOn(GatewayStatus::gateway, "main").singleElement().satisfies(s -> {
            assertThat(s.up()).isFalse();
            assertThat(s.lastError()).contains("no answer");
            assertThat(s.address()).isEqualTo("10.0.0.1:5060;transport=udp");
        });
    }

    @Test
    void failuresToDownCountsConsecutiveFailures() {
        SipTrunkAdapter a = adapter(Map.of("parloir.pstn.gateways[0].failures-to-down", "3"),
                "main=10.0.0.1:5060,5,1");
        GatewayTarget main = a.candidates(PARIS).getFirst();
        a.report(main, AttemptOutcome.FAILED);
        a.report(main, AttemptOutcome.FAILED);
        a.report(main, AttemptOutcome.WORKING);
        a.report(main, AttemptOutcome.FAILED);
        a.report(main, AttemptOutcome.FAILED);
        assertThat(a.status().getFirst().up()).isTrue();
        a.report(main, AttemptOutcome.TIMEOUT);
        assertThat(a.status().getFirst().up()).isFalse();
    }

    @Test
    void targetsCarryTheRewrittenNumberAndCredentials() {
        SipTrunkAdapter a = adapter(Map.of(
                "parloir.pstn.gateways[0].prefix-rules[0].match", "+33",
                "parloir.pstn.gateways[0].prefix-rules[0].replace", "0",
                "parloir.pstn.gateways[0].username", "trunk",
                "parloir.pstn.gateways[0].password", "secret"), "fr=gw.example:5080;transport=tcp,10,1");
        GatewayTarget t = a.candidates(PARIS).getFirst();
        assertThat(t.number()).isEqualTo("0139635511");
        assertThat(t.requestUri()).isEqualTo("sip:0139635511@gw.example:5080;user=phone;transport=tcp");
        assertThat(t.adapter()).isEqualTo("sip-trunk");
        assertThat(t.credentials()).hasValueSatisfying(c -> assertThat(c.password()).isEqualTo("secret"));
        assertThat(a.candidates(new E164("+493012345678")).getFirst().number()).isEqualTo("00493012345678");
    }

    @Test
    void pingsDriveHealth() {
        SipTrunkAdapter a = adapter(Map.of("parloir.pstn.gateways[0].options-interval", "5s"),
                "gw=10.0.0.1:5060,10,1");
        signalling.optionsAnswer = 503;
        a.start(); // first ping at once
        a.start(); // a second start does nothing
        assertThat(signalling.sent()).containsExactly("OPTIONS 10.0.0.1:5060;udp");
        assertThat(a.status().getFirst().up()).isFalse();
        assertThat(a.status().getFirst().lastError()).contains("503");
        assertThat(timers.delays()).containsExactly(Duration.ofSeconds(5)); // the next ping
        signalling.optionsAnswer = 501; // alive, merely without OPTIONS
        timers.runPending();
        assertThat(a.status().getFirst().up()).isTrue();
        signalling.optionsAnswer = null; // silence: the timeout answers 408
        timers.runPending();
        assertThat(a.status().getFirst().up()).isTrue();
        assertThat(timers.delays()).containsExactly(Duration.ofSeconds(5)); // the ping's timeout
        timers.runPending();
        assertThat(a.status().getFirst().up()).isFalse();
        assertThat(a.status().getFirst().lastError()).isEqualTo("no answer to OPTIONS");
        signalling.optionsAnswer = 200;
        timers.runPending();
        assertThat(a.status().getFirst().up()).isTrue();
        assertThat(a.status().getFirst().lastError()).isNull();
        a.close();
        assertThat(timers.runPending()).isOne(); // the ping scheduled before close runs, but sends nothing
        assertThat(timers.delays()).isEmpty();
    }

    @Test
    void registersRefreshesAndUnregisters() {
        SipTrunkAdapter a = adapter(Map.of(
                "parloir.pstn.gateways[0].username", "trunk",
                "parloir.pstn.gateways[0].password", "secret",
                "parloir.pstn.gateways[0].domain", "itsp.example",
                "parloir.pstn.gateways[0].register", "true",
                "parloir.pstn.gateways[0].register-expires", "900s"), "itsp=10.0.0.1:5060,10,1");
        signalling.granted = null;
        a.start();
        assertThat(a.status().getFirst().registration()).startsWith("failed: 403 Forbidden (retry in 5s)");
        assertThat(timers.delays()).containsExactly(Duration.ofSeconds(5));
        timers.runPending();
        assertThat(timers.delays()).containsExactly(Duration.ofSeconds(10)); // backoff doubles
        signalling.granted = Duration.ofSeconds(600);
        timers.runPending();
        assertThat(a.status().getFirst().registration()).startsWith("registered, expires ");
        assertThat(timers.delays()).containsExactly(Duration.ofSeconds(480)); // refresh at 80 % of what was granted
        timers.runPending();
        a.close();
        assertThat(signalling.sent()).containsExactly("REGISTER trunk@itsp.example 900",
                "REGISTER trunk@itsp.example 900", "REGISTER trunk@itsp.example 900",
                "REGISTER trunk@itsp.example 900", "REGISTER trunk@itsp.example 0");
        assertThat(a.status().getFirst().registration()).isEqualTo("unregistered");
        assertThat(timers.delays()).isEmpty();
    }

    @Test
    void aGatewayWithoutRegistrationShowsNone() {
        assertThat(adapter(Map.of(), "gw=10.0.0.1:5060,10,1").status().getFirst().registration()).isNull();
    }
}

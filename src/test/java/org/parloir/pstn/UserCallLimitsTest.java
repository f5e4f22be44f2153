package org.parloir.pstn;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;
import org.parloir.pstn.api.CallLimits;
import org.parloir.pstn.api.CallLimits.Admitted;
import org.parloir.pstn.api.CallLimits.Limit;
import org.parloir.pstn.api.CallLimits.Refused;

class UserCallLimitsTest {

    private static final UserAddress ALICE = new UserAddress("alice", "example.org");
    private static final UserAddress BOB = new UserAddress("bob", "example.org");
    private static final E164 PARIS = new E164("+33139635511");
    private static final E164 LONDON = new E164("+442079460000");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private UserCallLimits limits(int concurrent, int perHour, int internationalPerDay,
                                  Map<String, CallLimitsProperties.Override> domains,
                                  Map<String, CallLimitsProperties.Override> policies) {
        return new UserCallLimits(new CallLimitsProperties(concurrent, perHour, internationalPerDay, domains, policies),
                now::get, meters);
    }

    private static CallLimits.Admission call(UserCallLimits l, UserAddress who, E164 number) {
        return l.admit(who, number, "FR", Optional.empty());
    }

    @Test
    void concurrentCallsAreCountedUntilReleasedAndReleaseIsIdempotent() {
        UserCallLimits l = limits(2, 0, 0, Map.of(), Map.of());
        Admitted first = (Admitted) call(l, ALICE, PARIS);
        assertThat(call(l, ALICE, PARIS)).isInstanceOf(Admitted.class);
        assertThat(call(l, ALICE, PARIS)).isEqualTo(new Refused(Limit.CONCURRENT));
        assertThat(call(l, BOB, PARIS)).as("per user").isInstanceOf(Admitted.class);

        first.release().run();
        first.release().run();
        assertThat(call(l, ALICE, PARIS)).isInstanceOf(Admitted.class);
        assertThat(call(l, ALICE, PARIS)).as("a second release did not free a slot").isInstanceOf(Refused.class);
    }

    @Test
    void callsPerHourSlideWithTheClock() {
        UserCallLimits l = limits(0, 3, 0, Map.of(), Map.of());
        for (int i = 0; i < 3; i++) {
            ((Admitted) call(l, ALICE, PARIS)).release().run();
            now.addAndGet(Duration.ofMinutes(10).toMillis());
        }
        assertThat(call(l, ALICE, PARIS)).isEqualTo(new Refused(Limit.HOURLY));
        now.addAndGet(Duration.ofMinutes(31).toMillis()); // the first call is 61 minutes old
        assertThat(call(l, ALICE, PARIS)).isInstanceOf(Admitted.class);
        assertThat(call(l, ALICE, PARIS)).isInstanceOf(Refused.class);
    }

    @Test
    void internationalCallsAreThoseOutsideTheRoutingRegion() {
        UserCallLimits l = limits(0, 0, 1, Map.of(), Map.of());
        assertThat(call(l, ALICE, LONDON)).isInstanceOf(Admitted.class);
        assertThat(call(l, ALICE, LONDON)).isEqualTo(new Refused(Limit.INTERNATIONAL));
        assertThat(call(l, ALICE, PARIS)).as("national calls are not limited by it").isInstanceOf(Admitted.class);
        assertThat(UserCallLimits.international(PARIS, "ZZ")).as("no home region: every call").isTrue();
        assertThat(UserCallLimits.international(LONDON, "GB")).isFalse();
        now.addAndGet(Duration.ofHours(24).toMillis());
        assertThat(call(l, ALICE, LONDON)).isInstanceOf(Admitted.class);
    }

    @Test
    void aPolicyOverridesTheDomainWhichOverridesTheDefaults() {
        UserCallLimits l = limits(1, 100, 100,
                Map.of("example.org", new CallLimitsProperties.Override(2, null, null)),
                Map.of("anywhere", new CallLimitsProperties.Override(3, null, null)));
        UserAddress eve = new UserAddress("eve", "other.example");
        assertThat(l.admit(eve, PARIS, "FR", Optional.empty())).isInstanceOf(Admitted.class);
        assertThat(l.admit(eve, PARIS, "FR", Optional.empty())).as("default: 1").isInstanceOf(Refused.class);
        assertThat(call(l, ALICE, PARIS)).isInstanceOf(Admitted.class);
        assertThat(call(l, ALICE, PARIS)).isInstanceOf(Admitted.class);
        assertThat(call(l, ALICE, PARIS)).as("domain: 2").isInstanceOf(Refused.class);
        assertThat(l.admit(ALICE, PARIS, "FR", Optional.of("anywhere"))).as("policy: 3").isInstanceOf(Admitted.class);
        assertThat(l.admit(ALICE, PARIS, "FR", Optional.of("unknown"))).isInstanceOf(Refused.class);
    }

    @Test
    void refusalsAreCountedAndShownAsBreachesForADay() {
        UserCallLimits l = limits(1, 0, 0, Map.of(), Map.of());
        call(l, ALICE, PARIS);
        call(l, ALICE, PARIS);
        call(l, ALICE, PARIS);
        assertThat(l.breaches()).singleElement().satisfies(b -> {
            assertThat(b.user()).isEqualTo("alice@example.org");
            assertThat(b.limit()).isEqualTo(Limit.CONCURRENT);
            assertThat(b.refused()).isEqualTo(2);
        });
        assertThat(meters.get("parloir.pstn.calls.refused").tag("limit", "concurrent").counter().count())
                .isEqualTo(2);
        now.addAndGet(Duration.ofHours(25).toMillis());
        assertThat(l.breaches()).isEmpty();
    }

    @Test
    void aRefusalIsLoggedAtWarnOncePerUserLimitAndWindow() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(UserCallLimits.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            UserCallLimits l = limits(0, 1, 0, Map.of(), Map.of());
            call(l, ALICE, PARIS);
            call(l, ALICE, PARIS);
            call(l, ALICE, PARIS);
            call(l, BOB, PARIS);
            call(l, BOB, PARIS);
            assertThat(appender.list).extracting(e -> e.getLevel().toString() + " " + e.getFormattedMessage())
                    .hasSize(2).allMatch(m -> m.startsWith("WARN PSTN call of "))
                    .anyMatch(m -> m.contains("alice@example.org")).anyMatch(m -> m.contains("bob@example.org"));
            now.addAndGet(Duration.ofMinutes(61).toMillis());
            call(l, ALICE, PARIS);
            call(l, ALICE, PARIS);
            assertThat(appender.list).as("a new window, one more WARN").hasSize(3);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void idleUsersAreSweptAndBusyOnesKept() {
        UserCallLimits l = limits(1, 10, 0, Map.of(), Map.of());
        Admitted busy = (Admitted) call(l, ALICE, PARIS);
        ((Admitted) call(l, BOB, PARIS)).release().run();
        now.addAndGet(Duration.ofHours(2).toMillis());
        l.sweep();
        assertThat(l.users()).isEqualTo(1);
        assertThat(call(l, ALICE, PARIS)).as("alice's call still counts").isInstanceOf(Refused.class);
        busy.release().run();
        assertThat(call(l, ALICE, PARIS)).isInstanceOf(Admitted.class);
    }
}

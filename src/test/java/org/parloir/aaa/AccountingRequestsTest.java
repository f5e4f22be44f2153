package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.aaa.PacketAttributes.types;
import static org.parloir.aaa.PacketAttributes.attribute;
import static org.parloir.aaa.PacketAttributes.text;
import static org.parloir.aaa.PacketAttributes.integer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TimeData;
import org.aaa4j.radius.core.packet.Packet;
import org.junit.jupiter.api.Test;
import org.parloir.aaa.api.AccountingRecord;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;

/** Start / Interim-Update / Stop attributes (RFC 2866 §5, RFC 2869 §5.3). */
class AccountingRequestsTest {

    private static final NasIdentity NAS = NasIdentity.of(new AaaProperties(null, "nas-1", "", List.of(),
            Duration.ZERO, Map.of(), 1, 1));
    private static final Instant ANSWERED = Instant.parse("2026-11-24T02:00:00Z");

    @Test
    void startHasNoSessionTimeNorCauseButEchoesClass() {
        Packet start = AccountingRequests.build(AccountingRequests.Status.START,
                record(Duration.ZERO, Optional.of(AccountingRecord.TerminateCause.USER_REQUEST)), NAS, ANSWERED,
                ANSWERED);

        assertThat(integer(start, 40)).isEqualTo(1);                        // Acct-Status-Type = Start
        assertThat(text(start, 44)).isEqualTo("6740a3b1-1");                // Acct-Session-Id
        assertThat(text(start, 1)).isEqualTo("alice");                      // User-Name
        assertThat(text(start, 32)).isEqualTo("nas-1");                     // NAS-Identifier
        assertThat(((StringData) attribute(start, 25).getData()).getValue()).asString().isEqualTo("staff");
        assertThat(((TimeData) attribute(start, 55).getData()).getValue()).isEqualTo(ANSWERED);
        assertThat(integer(start, 41)).isZero();                            // Acct-Delay-Time
        assertThat(types(start)).doesNotContain(46, 49, 4);                 // Session-Time, Terminate-Cause, NAS-IP
    }

    @Test
    void stopHasSessionTimeCauseAndTheDelayOfItsRetry() {
        Packet stop = AccountingRequests.build(AccountingRequests.Status.STOP,
                record(Duration.ofSeconds(42), Optional.of(AccountingRecord.TerminateCause.SESSION_TIMEOUT)), NAS,
                ANSWERED, ANSWERED.plusSeconds(3));

        assertThat(integer(stop, 40)).isEqualTo(2);
        assertThat(integer(stop, 46)).isEqualTo(42);
        assertThat(integer(stop, 49)).isEqualTo(5);                         // Session-Timeout
        assertThat(integer(stop, 41)).isEqualTo(3);
    }

    @Test
    void interimHasSessionTimeButNoCause() {
        Packet interim = AccountingRequests.build(AccountingRequests.Status.INTERIM_UPDATE,
                record(Duration.ofMinutes(5), Optional.of(AccountingRecord.TerminateCause.USER_REQUEST)), NAS,
                ANSWERED, ANSWERED);

        assertThat(integer(interim, 40)).isEqualTo(3);
        assertThat(integer(interim, 46)).isEqualTo(300);
        assertThat(types(interim)).doesNotContain(49);
    }

    private static AccountingRecord record(Duration time, Optional<AccountingRecord.TerminateCause> cause) {
        UserAddress alice = new UserAddress("alice", "example.org");
        return new AccountingRecord("6740a3b1-1", alice, "alice", alice.sipAor(), new E164("+33123456789"), "c1@h",
                time, cause, Optional.of("staff".getBytes(StandardCharsets.US_ASCII)));
    }
}

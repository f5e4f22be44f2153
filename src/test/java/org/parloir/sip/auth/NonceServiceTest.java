package org.parloir.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceServiceTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public long millis() {
            return now.get();
        }
    };
    private final NonceService nonces = new NonceService(Duration.ofSeconds(300), 1024, clock);

    @Test
    void freshNonceIsValidAndExpiresAfterItsTtl() {
        String n = nonces.issue();
        assertThat(nonces.check(n)).isEqualTo(NonceService.Check.VALID);
        now.addAndGet(300_000);
        assertThat(nonces.check(n)).isEqualTo(NonceService.Check.VALID);
        now.addAndGet(1_001);
        assertThat(nonces.check(n)).isEqualTo(NonceService.Check.STALE);
    }

    @Test
    void nonceCountMustGrow() {
        String n = nonces.issue();
        assertThat(nonces.consume(n, 1)).isTrue();
        assertThat(nonces.consume(n, 1)).as("replay of nc=1").isFalse();
        assertThat(nonces.consume(n, 3)).isTrue();
        assertThat(nonces.consume(n, 2)).as("going back").isFalse();
    }

    @Test
    void forgedOrDamagedNoncesAreInvalid() {
        String n = nonces.issue();
        char[] c = n.toCharArray();
        c[5] = c[5] == 'A' ? 'B' : 'A';
        assertThat(nonces.check(new String(c))).isEqualTo(NonceService.Check.INVALID);
        assertThat(nonces.check("abc")).isEqualTo(NonceService.Check.INVALID);
        assertThat(nonces.check(null)).isEqualTo(NonceService.Check.INVALID);
        assertThat(nonces.check("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")).isEqualTo(NonceService.Check.INVALID);
        // another server's (or a previous run's) nonce: different key
        String foreign = new NonceService(Duration.ofSeconds(300), 1024, clock).issue();
        assertThat(nonces.check(foreign)).isEqualTo(NonceService.Check.INVALID);
        assertThat(nonces.consume(foreign, 1)).isFalse();
    }

    @Test
    void aNonceWhoseSlotWasReusedIsStale() {
        String old = nonces.issue();
        for (int i = 0; i < 1024; i++) {
            nonces.issue();
        }
        assertThat(nonces.check(old)).isEqualTo(NonceService.Check.STALE);
        assertThat(nonces.consume(old, 1)).isFalse();
    }

    @Test
    void slotTableIsAPowerOfTwoAtLeastTheRequestedSize() {
        assertThat(new NonceService(Duration.ofSeconds(1), 5000, clock).slotCount()).isEqualTo(8192);
        assertThat(new NonceService(Duration.ofSeconds(1), 1, clock).slotCount()).isEqualTo(1024);
    }
}

package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void idsOfOneProcessAreDistinctAndShareItsPrefix() {
        SessionIds ids = new SessionIds(Instant.ofEpochSecond(0x6740a3b1L), new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.next());
        }
        assertThat(seen).hasSize(10_000).allMatch(id -> id.matches("6740a3b1[0-9a-f]{8}-[0-9a-f]+"));
    }

    @Test
    void aRestartInTheSameSecondStillGetsOtherIds() {
        Instant start = Instant.ofEpochSecond(0x6740a3b1L);
        String before = new SessionIds(start, new SecureRandom()).next();
        String after = new SessionIds(start, new SecureRandom()).next();
        assertThat(after).isNotEqualTo(before).endsWith("-1");
    }
}

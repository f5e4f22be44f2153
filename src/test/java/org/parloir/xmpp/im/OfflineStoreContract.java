package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What an offline message store must do on every database we run on (RFC 6121 §8.5.2.2, XEP-0160). A database's
 * test implements {@link #offlineStore()} over a freshly migrated, empty schema.
 */
public interface OfflineStoreContract {

    String ALICE = "alice@example.org";
    String BOB = "bob@example.org";
    Instant T0 = Instant.parse("2026-11-24T10:15:30.123Z");

    OfflineStore offlineStore();

    /** A new store after the application restarted on the same database; stores handed out before are closed. */
    OfflineStore offlineStoreAfterRestart();

    private static String message(String to, String body) {
        return "<message xmlns='jabber:client' from='carol@example.net/pc' to='" + to + "' type='chat'><body>"
                + body + "</body></message>";
    }

    @Test
    default void messagesComeBackInArrivalOrderWithTheirStamps() {
        OfflineStore store = offlineStore();
        assertThat(store.store(ALICE, message(ALICE, "one"), T0, 10)).isTrue();
        assertThat(store.store(ALICE, message(ALICE, "two"), T0.minusSeconds(60), 10)).isTrue();
        assertThat(store.store(ALICE, message(ALICE, "trois, élan ✓"), T0.plusMillis(1), 10)).isTrue();
        List<OfflineMessage> kept = store.peek(ALICE);
        assertThat(kept).extracting(OfflineMessage::stanzaXml).containsExactly(message(ALICE, "one"),
                message(ALICE, "two"), message(ALICE, "trois, élan ✓"));
        assertThat(kept).extracting(OfflineMessage::stamp).containsExactly(T0, T0.minusSeconds(60),
                T0.plusMillis(1));
        assertThat(kept).extracting(OfflineMessage::owner).containsOnly(ALICE);
        assertThat(kept).extracting(OfflineMessage::id).isSorted().doesNotHaveDuplicates();
        assertThat(store.peek(ALICE)).isEqualTo(kept); // peeking takes nothing away
        assertThat(store.peek(ALICE, 2)).isEqualTo(kept.subList(0, 2));
    }

    @Test
    default void aMessageBeyondTheLimitIsRefusedAndTheOwnersAreCountedApart() {
        OfflineStore store = offlineStore();
        assertThat(store.store(ALICE, message(ALICE, "1"), T0, 2)).isTrue();
        assertThat(store.store(ALICE, message(ALICE, "2"), T0, 2)).isTrue();
        assertThat(store.store(ALICE, message(ALICE, "3"), T0, 2)).isFalse();
        assertThat(store.store(BOB, message(BOB, "1"), T0, 2)).isTrue();
        assertThat(store.count(ALICE)).isEqualTo(2);
        assertThat(store.count(BOB)).isEqualTo(1);
        assertThat(store.peek(ALICE)).extracting(OfflineMessage::stanzaXml)
                .containsExactly(message(ALICE, "1"), message(ALICE, "2"));
        store.delete(ALICE, List.of(store.peek(ALICE).getFirst().id()));
        assertThat(store.store(ALICE, message(ALICE, "4"), T0, 2)).isTrue();
    }

    @Test
    default void deleteRemovesOnlyTheGivenMessagesOfThatOwner() {
        OfflineStore store = offlineStore();
        IntStream.range(0, 4).forEach(i -> store.store(ALICE, message(ALICE, "m" + i), T0, 10));
        store.store(BOB, message(BOB, "for bob"), T0, 10);
        List<Long> alice = store.peek(ALICE).stream().map(OfflineMessage::id).toList();
        long bobs = store.peek(BOB).getFirst().id();
        store.delete(ALICE, List.of(alice.get(1), alice.get(3), bobs, 999_999L));
        assertThat(store.peek(ALICE)).extracting(OfflineMessage::stanzaXml)
                .containsExactly(message(ALICE, "m0"), message(ALICE, "m2"));
        assertThat(store.count(BOB)).isEqualTo(1);
        store.delete(ALICE, List.of());
        assertThat(store.count(ALICE)).isEqualTo(2);
    }

    @Test
    default void messagesSurviveARestart() {
        OfflineStore store = offlineStore();
        store.store(ALICE, message(ALICE, "before the crash"), T0, 10);
        store.store(ALICE, message(ALICE, "delivered, not yet deleted"), T0.plusSeconds(1), 10);
        List<OfflineMessage> before = store.peek(ALICE);
        OfflineStore restarted = offlineStoreAfterRestart();
        assertThat(restarted.peek(ALICE)).isEqualTo(before);
        restarted.delete(ALICE, List.of(before.get(1).id()));
        assertThat(offlineStoreAfterRestart().peek(ALICE)).containsExactly(before.getFirst());
    }

    @Test
    default void aStanzaOfTheMaximumSizeIsKeptWhole() {
        OfflineStore store = offlineStore();
        String body = "ç".repeat(128 * 1024); // 256 KiB in UTF-8
        assertThat(store.store(ALICE, message(ALICE, body), T0, 10)).isTrue();
        assertThat(store.peek(ALICE).getFirst().stanzaXml()).isEqualTo(message(ALICE, body));
    }

    @Test
    default void concurrentSendersNeverPassTheLimit() throws Exception {
        OfflineStore store = offlineStore();
        int limit = 25;
        List<Long> stored = Concurrently.run(8, thread -> IntStream.range(0, 10)
                .filter(i -> store.store(ALICE, message(ALICE, thread + "/" + i), T0, limit)).count());
        assertThat(stored.stream().mapToLong(Long::longValue).sum()).isEqualTo(limit);
        assertThat(store.count(ALICE)).isEqualTo(limit);
    }
}

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
    default void aGroupCommitKeepsEachOwnersLimitAcrossTheBatch() {
        OfflineStore store = offlineStore();
        store.store(BOB, message(BOB, "already"), T0, 10);
        List<Boolean> stored = store.storeAll(List.of(
                new OfflineStore.Message(ALICE, message(ALICE, "1"), T0),
                new OfflineStore.Message(BOB, message(BOB, "1"), T0),
                new OfflineStore.Message(ALICE, message(ALICE, "2"), T0),
                new OfflineStore.Message(BOB, message(BOB, "2"), T0),
                new OfflineStore.Message(ALICE, message(ALICE, "3"), T0)), 2);
        assertThat(stored).containsExactly(true, true, true, false, false);
        assertThat(store.peek(ALICE)).extracting(OfflineMessage::stanzaXml)
                .containsExactly(message(ALICE, "1"), message(ALICE, "2"));
        assertThat(store.peek(BOB)).extracting(OfflineMessage::stanzaXml)
                .containsExactly(message(BOB, "already"), message(BOB, "1"));
    }

    @Test
    default void theWriterAnswersStoredOnlyForCommittedMessages() throws Exception {
        OfflineStore store = offlineStore();
        OfflineWriter writer = new OfflineWriter(store, 1000, 10_000);
        List<java.util.concurrent.CompletableFuture<Boolean>> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var senders = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                int sender = t;
                senders.submit(() -> IntStream.range(0, 250).forEach(i -> {
                    String owner = "user" + (i % 20) + "@example.org";
                    answers.add(writer.store(owner, message(owner, sender + "-" + i), T0));
                }));
            }
        }
        for (var answer : answers) {
            assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        writer.close();
        // every "stored" answer stands for a row another connection sees
        OfflineStore again = offlineStoreAfterRestart();
        int total = IntStream.range(0, 20).map(i -> again.count("user" + i + "@example.org")).sum();
        assertThat(total).isEqualTo(1000);
        assertThat(writer.store(ALICE, message(ALICE, "after close"), T0))
                .failsWithin(java.time.Duration.ofSeconds(5));
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

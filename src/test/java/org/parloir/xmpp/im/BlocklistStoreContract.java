package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a block list store must do on every database we run on (XEP-0191). A database's test implements
 * {@link #blocklistStore()} over a freshly migrated, empty schema.
 */
public interface BlocklistStoreContract {

    String ALICE = "alice@example.org";
    String BOB = "bob@example.org";

    BlocklistStore blocklistStore();

    @Test
    default void aBlockListIsASetOfJidsAsGiven() {
        BlocklistStore store = blocklistStore();
        assertThat(store.blocked(ALICE)).isEmpty();
        assertThat(store.add(ALICE, List.of("romeo@example.net", "juliet@example.com/chamber", "spam.example"))).isTrue();
        assertThat(store.add(ALICE, List.of("romeo@example.net"))).isFalse();
        assertThat(store.add(ALICE, List.of("romeo@example.net", "iago@example.net", "iago@example.net"))).isTrue();
        assertThat(store.add(ALICE, List.of())).isFalse();
        assertThat(store.blocked(ALICE)).containsExactlyInAnyOrder("romeo@example.net", "juliet@example.com/chamber",
                "spam.example", "iago@example.net");
        assertThat(store.blocked(BOB)).isEmpty();
    }

    @Test
    default void removeTakesAwayOnlyTheGivenJidsOfThatOwner() {
        BlocklistStore store = blocklistStore();
        store.add(ALICE, List.of("romeo@example.net", "spam.example"));
        store.add(BOB, List.of("romeo@example.net"));
        assertThat(store.remove(ALICE, List.of("romeo@example.net", "nobody@example.net"))).isTrue();
        assertThat(store.remove(ALICE, List.of("nobody@example.net"))).isFalse();
        assertThat(store.remove(ALICE, List.of())).isFalse();
        assertThat(store.blocked(ALICE)).containsExactly("spam.example");
        assertThat(store.blocked(BOB)).containsExactly("romeo@example.net");
    }

    @Test
    default void clearEmptiesTheListOfThatOwnerOnly() {
        BlocklistStore store = blocklistStore();
        store.add(ALICE, List.of("romeo@example.net", "spam.example"));
        store.add(BOB, List.of("romeo@example.net"));
        assertThat(store.clear(ALICE)).isTrue();
        assertThat(store.clear(ALICE)).isFalse();
        assertThat(store.blocked(ALICE)).isEmpty();
        assertThat(store.blocked(BOB)).containsExactly("romeo@example.net");
    }

    @Test
    default void concurrentAddsOfOneJidChangeTheListOnce() throws Exception {
        BlocklistStore store = blocklistStore();
        List<Boolean> changed = Concurrently.run(8, thread -> store.add(ALICE, List.of("spam.example")));
        assertThat(changed).containsOnlyOnce(true);
        assertThat(store.blocked(ALICE)).containsExactly("spam.example");
    }
}

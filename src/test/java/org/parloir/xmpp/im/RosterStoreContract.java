package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.parloir.xmpp.im.RosterChange.Removed;
import org.parloir.xmpp.im.RosterChange.Updated;

/**
 * What a roster store must do on every database we run on (RFC 6121 §2, §3, roster versioning §2.6). A database's
 * test implements {@link #rosterStore()} over a freshly migrated, empty schema.
 */
public interface RosterStoreContract {

    String ALICE = "alice@example.org";
    String BOB = "bob@example.org";
    String CAROL = "carol@example.net";

    RosterStore rosterStore();

    private static RosterItem friend(String contact, String... groups) {
        return new RosterItem(contact, "Friend " + contact, Subscription.BOTH, false, false, false, true,
                List.of(groups));
    }

    @Test
    default void anOwnerWithoutChangesHasVersionZeroAndNothingStored() {
        RosterStore store = rosterStore();
        assertThat(store.version(ALICE)).isZero();
        assertThat(store.items(ALICE)).isEmpty();
        assertThat(store.item(ALICE, BOB)).isEmpty();
        assertThat(store.changedSince(ALICE, 0)).isEmpty();
        assertThat(store.snapshot(ALICE)).isEqualTo(new RosterSnapshot(0, List.of()));
    }

    @Test
    default void anItemKeepsEveryFieldAndItsGroupsInOrderIncludingUnicode() {
        RosterStore store = rosterStore();
        RosterItem bob = new RosterItem(BOB, "Bob « le bricoleur »", Subscription.TO, true, true,
                "Salut, c'est Bob 👋", true, true, List.of("Famille", "同事", "Ünïcødé ✓", "🎉 party", "a"));
        store.put(ALICE, bob);
        assertThat(store.item(ALICE, BOB)).contains(bob);
        assertThat(store.items(ALICE)).containsExactly(bob);
    }

    @Test
    default void statesWithoutAVisibleItemAreKeptAndListed() {
        RosterStore store = rosterStore();
        RosterItem stranger = RosterItem.none(CAROL).withPendingIn(true, "please add me"); // None + Pending In
        RosterItem preApproved = RosterItem.none(BOB).withPreApproved(true);
        store.put(ALICE, stranger);
        store.put(ALICE, preApproved);
        assertThat(store.items(ALICE)).containsExactlyInAnyOrder(stranger, preApproved)
                .noneMatch(RosterItem::inRoster);
        assertThat(store.item(ALICE, CAROL)).hasValueSatisfying(item -> {
            assertThat(item.pendingIn()).isTrue();
            assertThat(item.pendingInStatus()).isEqualTo("please add me");
        });
    }

    @Test
    default void thePendingInStatusIsKeptOnlyWhileTheRequestIsPending() {
        RosterStore store = rosterStore();
        store.put(ALICE, RosterItem.none(BOB).withPendingIn(true, null));
        assertThat(store.item(ALICE, BOB).orElseThrow().pendingInStatus()).isNull();
        store.put(ALICE, RosterItem.none(BOB).withPendingIn(false, "stale"));
        assertThat(store.item(ALICE, BOB).orElseThrow().pendingInStatus()).isNull();
    }

    @Test
    default void everyChangeBumpsTheVersionOfItsOwnerOnly() {
        RosterStore store = rosterStore();
        assertThat(store.put(ALICE, friend(BOB))).isEqualTo(1);
        assertThat(store.put(ALICE, friend(CAROL))).isEqualTo(2);
        assertThat(store.put(BOB, friend(ALICE))).isEqualTo(1);
        assertThat(store.put(ALICE, friend(BOB, "Work"))).isEqualTo(3);
        assertThat(store.remove(ALICE, CAROL)).isEqualTo(4);
        assertThat(store.version(ALICE)).isEqualTo(4);
        assertThat(store.version(BOB)).isEqualTo(1);
        assertThat(store.items(BOB)).containsExactly(friend(ALICE));
        assertThat(store.snapshot(ALICE)).isEqualTo(new RosterSnapshot(4, List.of(friend(BOB, "Work"))));
    }

    @Test
    default void aPutReplacesTheWholeItemGroupsIncluded() {
        RosterStore store = rosterStore();
        store.put(ALICE, friend(BOB, "Work", "Chess"));
        RosterItem renamed = friend(BOB, "Family").withItem("Bobby", List.of("Family"))
                .withSubscription(Subscription.FROM).withPendingOut(true);
        store.put(ALICE, renamed);
        assertThat(store.items(ALICE)).containsExactly(renamed);
        store.put(ALICE, renamed.withItem(null, List.of()));
        assertThat(store.item(ALICE, BOB).orElseThrow().groups()).isEmpty();
        assertThat(store.item(ALICE, BOB).orElseThrow().name()).isNull();
    }

    @Test
    default void aRemovalLeavesNoItemButIsReportedAsAChange() {
        RosterStore store = rosterStore();
        store.put(ALICE, friend(BOB, "Work"));
        store.put(ALICE, friend(CAROL));
        assertThat(store.remove(ALICE, BOB)).isEqualTo(3);
        assertThat(store.item(ALICE, BOB)).isEmpty();
        assertThat(store.items(ALICE)).containsExactly(friend(CAROL));
        assertThat(store.changedSince(ALICE, 2)).containsExactly(new Removed(BOB, 3));
    }

    @Test
    default void removingWhatIsNotThereChangesNothing() {
        RosterStore store = rosterStore();
        assertThat(store.remove(ALICE, BOB)).isZero();
        store.put(ALICE, friend(BOB));
        assertThat(store.remove(ALICE, BOB)).isEqualTo(2);
        assertThat(store.remove(ALICE, BOB)).isEqualTo(2);
        assertThat(store.remove(ALICE, CAROL)).isEqualTo(2);
        assertThat(store.version(ALICE)).isEqualTo(2);
        assertThat(store.changedSince(ALICE, 0)).containsExactly(new Removed(BOB, 2));
    }

    @Test
    default void changedSinceReturnsExactlyTheLatestChangeOfEachContactAfterTheVersion() {
        RosterStore store = rosterStore();
        store.put(ALICE, friend(BOB));                        // 1
        store.put(ALICE, friend(CAROL));                      // 2
        store.put(ALICE, friend("dave@example.org"));         // 3
        store.put(ALICE, friend(BOB, "Work"));                // 4
        store.remove(ALICE, CAROL);                           // 5
        store.put(ALICE, friend("erin@example.org"));         // 6
        store.put(BOB, friend(ALICE));                        // another owner: never in Alice's changes
        assertThat(store.changedSince(ALICE, 3)).containsExactly(
                new Updated(friend(BOB, "Work"), 4), new Removed(CAROL, 5), new Updated(friend("erin@example.org"), 6));
        assertThat(store.changedSince(ALICE, 5)).containsExactly(new Updated(friend("erin@example.org"), 6));
        assertThat(store.changedSince(ALICE, 0)).extracting(RosterChange::version).containsExactly(3L, 4L, 5L, 6L);
        assertThat(store.changedSince(ALICE, 6)).isEmpty();
        assertThat(store.changedSince(ALICE, 99)).isEmpty();
    }

    @Test
    default void aRemovedContactCanBeAddedAgain() {
        RosterStore store = rosterStore();
        store.put(ALICE, friend(BOB, "Old"));
        store.remove(ALICE, BOB);
        assertThat(store.put(ALICE, friend(BOB, "New"))).isEqualTo(3);
        assertThat(store.items(ALICE)).containsExactly(friend(BOB, "New"));
        assertThat(store.changedSince(ALICE, 1)).containsExactly(new Updated(friend(BOB, "New"), 3));
    }

    @Test
    default void concurrentChangesOfOneOwnerGetDistinctConsecutiveVersions() throws Exception {
        RosterStore store = rosterStore();
        int threads = 8;
        int perThread = 20;
        List<List<Long>> versions = Concurrently.run(threads, thread -> LongStream.range(0, perThread)
                .map(i -> store.put(ALICE, friend("c" + thread + "-" + (i % 5) + "@example.org", "g" + i)))
                .boxed().toList());
        long total = threads * perThread;
        assertThat(versions.stream().flatMap(List::stream))
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        versions.forEach(own -> assertThat(own).isSorted());
        assertThat(store.version(ALICE)).isEqualTo(total);
        assertThat(store.items(ALICE)).hasSize(threads * 5)
                .allSatisfy(item -> assertThat(item.groups()).hasSize(1));
        assertThat(store.changedSince(ALICE, 0)).hasSize(threads * 5);
    }
}

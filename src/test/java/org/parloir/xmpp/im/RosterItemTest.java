package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The roster value types: subscription states (RFC 6121 §2.1.2.5) and what an item may hold. */
class RosterItemTest {

    @Test
    void subscriptionsCombineTheTwoDirections() {
        assertThat(Subscription.of(false, false)).isEqualTo(Subscription.NONE);
        assertThat(Subscription.of(true, false)).isEqualTo(Subscription.TO);
        assertThat(Subscription.of(false, true)).isEqualTo(Subscription.FROM);
        assertThat(Subscription.of(true, true)).isEqualTo(Subscription.BOTH);
        assertThat(Subscription.TO.withFrom(true)).isEqualTo(Subscription.BOTH);
        assertThat(Subscription.BOTH.withTo(false)).isEqualTo(Subscription.FROM);
        assertThat(Subscription.FROM.hasFrom()).isTrue();
        assertThat(Subscription.FROM.hasTo()).isFalse();
    }

    @Test
    void subscriptionsHaveTheirWireNames() {
        for (Subscription s : Subscription.values()) {
            assertThat(Subscription.fromWire(s.wireValue())).isEqualTo(s);
        }
        assertThat(Subscription.BOTH.wireValue()).isEqualTo("both");
        assertThatThrownBy(() -> Subscription.fromWire("remove")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsAreCopiedAndMayBeAbsent() {
        List<String> groups = new ArrayList<>(List.of("Work"));
        RosterItem item = new RosterItem("bob@example.org", null, Subscription.NONE, false, false, false, true, groups);
        groups.add("Later");
        assertThat(item.groups()).containsExactly("Work");
        assertThat(item.withItem("Bob", null).groups()).isEmpty();
    }

    @Test
    void emptyRepeatedOrOverlongNamesAreRefused() {
        RosterItem bob = RosterItem.none("bob@example.org");
        assertThatThrownBy(() -> bob.withItem(null, List.of("Work", "Work")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Work");
        assertThatThrownBy(() -> bob.withItem(null, List.of(""))).isInstanceOf(IllegalArgumentException.class);
        String longest = "x".repeat(RosterItem.MAX_NAME_LENGTH);
        assertThat(bob.withItem(longest, List.of(longest)).name()).isEqualTo(longest);
        assertThatThrownBy(() -> bob.withItem(longest + "x", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bob.withItem(null, List.of(longest + "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RosterItem.none(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPendingInStatusExistsOnlyWhileTheRequestIsPending() {
        RosterItem asked = RosterItem.none("bob@example.org").withPendingIn(true, "hello");
        assertThat(asked.pendingInStatus()).isEqualTo("hello");
        assertThat(asked.withPendingIn(false, "hello").pendingInStatus()).isNull();
        assertThat(asked.withSubscription(Subscription.FROM).pendingInStatus()).isEqualTo("hello");
    }
}

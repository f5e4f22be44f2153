package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What a private XML store must do on every database we run on (XEP-0049). A database's test implements
 * {@link #privateXmlStore()} over a freshly migrated, empty schema.
 */
public interface PrivateXmlStoreContract {

    String ALICE = "alice@example.org";
    String BOOKMARKS = "storage:bookmarks";

    PrivateXmlStore privateXmlStore();

    private static String storage(String room) {
        return "<storage xmlns='storage:bookmarks'><conference jid='" + room + "'/></storage>";
    }

    @Test
    default void elementsAreKeptPerOwnerNameAndNamespace() {
        PrivateXmlStore store = privateXmlStore();
        assertThat(store.get(ALICE, "storage", BOOKMARKS)).isEmpty();
        store.put(ALICE, "storage", BOOKMARKS, storage("a@conference.example.org"));
        store.put(ALICE, "storage", "storage:rosternotes", "<storage xmlns='storage:rosternotes'/>");
        store.put("bob@example.org", "storage", BOOKMARKS, storage("b@conference.example.org"));
        store.put(ALICE, "storage", BOOKMARKS, storage("c@conference.example.org"));
        assertThat(store.get(ALICE, "storage", BOOKMARKS)).contains(storage("c@conference.example.org"));
        assertThat(store.get(ALICE, "storage", "storage:rosternotes"))
                .contains("<storage xmlns='storage:rosternotes'/>");
        assertThat(store.get("bob@example.org", "storage", BOOKMARKS)).contains(storage("b@conference.example.org"));
        assertThat(store.get(ALICE, "other", BOOKMARKS)).isEmpty();
    }

    @Test
    default void beyondTheLimitNothingChanges() {
        PrivateXmlStore store = privateXmlStore();
        store.put(ALICE, "storage", BOOKMARKS, storage("a@conference.example.org"));
        String large = storage("x".repeat(store.maxBytes()));
        assertThatThrownBy(() -> store.put(ALICE, "storage", BOOKMARKS, large))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ALICE);
        assertThat(store.get(ALICE, "storage", BOOKMARKS)).contains(storage("a@conference.example.org"));
    }
}

package org.parloir.xmpp.im;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a vcard-temp store must do on every database we run on (XEP-0054). A database's test implements
 * {@link #vCardStore()} over a freshly migrated, empty schema.
 */
public interface VCardStoreContract {

    String ALICE = "alice@example.org";

    VCardStore vCardStore();

    private static String vcard(String fullName) {
        return "<vCard xmlns='vcard-temp'><FN>" + fullName + "</FN></vCard>";
    }

    @Test
    default void aVCardIsPutReplacedAndDeleted() {
        VCardStore store = vCardStore();
        assertThat(store.get(ALICE)).isEmpty();
        store.put(ALICE, vcard("Alice Liddell"));
        store.put("bob@example.org", vcard("Bob"));
        store.put(ALICE, vcard("Alice Pleasance Liddell, née à Westminster"));
        assertThat(store.get(ALICE)).contains(vcard("Alice Pleasance Liddell, née à Westminster"));
        assertThat(store.delete(ALICE)).isTrue();
        assertThat(store.delete(ALICE)).isFalse();
        assertThat(store.get(ALICE)).isEmpty();
        assertThat(store.get("bob@example.org")).contains(vcard("Bob"));
    }

    @Test
    default void theSizeLimitCountsUtf8BytesAndRefusesBeyondIt() {
        VCardStore store = vCardStore();
        String empty = vcard("");
        String atLimit = vcard("x".repeat(store.maxBytes() - empty.length()));
        store.put(ALICE, atLimit);
        assertThat(store.get(ALICE)).contains(atLimit);
        String oneByteMore = vcard("é" + "x".repeat(store.maxBytes() - empty.length() - 1)); // same chars, +1 byte
        assertThatThrownBy(() -> store.put(ALICE, oneByteMore)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(store.maxBytes() + 1)).hasMessageContaining(ALICE);
        assertThat(store.get(ALICE)).contains(atLimit);
    }

    @Test
    default void concurrentFirstPutsOfOneOwnerLeaveOneOfThem() throws Exception {
        VCardStore store = vCardStore();
        Concurrently.run(8, thread -> {
            store.put(ALICE, vcard("writer " + thread));
            return thread;
        });
        assertThat(store.get(ALICE)).hasValueSatisfying(v -> assertThat(v).matches(".*writer [0-7].*"));
        assertThat(List.of(store.get(ALICE).orElseThrow())).hasSize(1);
    }
}

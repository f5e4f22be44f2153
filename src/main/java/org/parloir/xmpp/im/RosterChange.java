package org.parloir.xmpp.im;

/**
 * One change of a roster after a given version, as {@link RosterStore#changedSince} reports it for roster
 * versioning (RFC 6121 §2.6.3): the server sends these as roster pushes, each with its own {@code ver}.
 */
public sealed interface RosterChange {

    String contact();

    /** The roster version this change produced. */
    long version();

    /**
     * The contact's item was put and this is its state now. An item with {@code inRoster == false} is not part of
     * the roster the user sees: a client that may hold it learns of it as a removal.
     */
    record Updated(RosterItem item, long version) implements RosterChange {
        @Override
        public String contact() {
            return item.contact();
        }
    }

    /** The contact's item was removed: a push with {@code subscription='remove'} (§2.5). */
    record Removed(String contact, long version) implements RosterChange {
    }
}

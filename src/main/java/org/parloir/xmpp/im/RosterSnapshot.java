package org.parloir.xmpp.im;

import java.util.List;

/**
 * A user's roster items with a version that is never newer than them: items changed while the snapshot was read
 * may already be in it, so a client that later asks for the changes since this version may get them twice (harmless,
 * RFC 6121 §2.6.3), never miss them.
 *
 * @param version the roster version (RFC 6121 §2.6), 0 for a user who never had a roster change
 * @param items   every stored item but tombstones, visible or not ({@link RosterItem#inRoster()})
 */
public record RosterSnapshot(long version, List<RosterItem> items) {

    public RosterSnapshot {
        items = List.copyOf(items);
    }
}

package org.parloir.xmpp.im;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account's roster in memory, written through to the {@link RosterStore}. Only touched from the owner's
 * serialised IM work, so it needs no locking of its own.
 */
final class UserRoster {

    private final String owner;
    private final RosterStore store;
    private final Map<String, RosterItem> items = new LinkedHashMap<>();
    private long version;

    UserRoster(String owner, RosterStore store) {
        this.owner = owner;
        this.store = store;
        RosterSnapshot snapshot = store.snapshot(owner);
        snapshot.items().forEach(i -> items.put(i.contact(), i));
        version = snapshot.version();
    }

    String owner() {
        return owner;
    }

    /** The stored state for a contact, or the initial "None" state (RFC 6121 Appendix A). */
    RosterItem item(String contact) {
        RosterItem item = items.get(contact);
        return item == null ? RosterItem.none(contact) : item;
    }

    boolean has(String contact) {
        return items.containsKey(contact);
    }

    /** Items the user sees (RFC 6121 §2.1). */
    List<RosterItem> visible() {
        List<RosterItem> list = new ArrayList<>(items.size());
        for (RosterItem i : items.values()) {
            if (i.inRoster()) {
                list.add(i);
            }
        }
        return list;
    }

    List<RosterItem> all() {
        return List.copyOf(items.values());
    }

    long version() {
        return version;
    }

    /** Stores a changed item; returns the new roster version. */
    long put(RosterItem item) {
        if (isDefault(item)) {
            return remove(item.contact());
        }
        version = store.put(owner, item);
        items.put(item.contact(), item);
        return version;
    }

    long remove(String contact) {
        if (items.remove(contact) != null) {
            version = store.remove(owner, contact);
        }
        return version;
    }

    /** An invisible item with nothing pending is the same as no item. */
    private static boolean isDefault(RosterItem item) {
        return !item.inRoster() && item.subscription() == Subscription.NONE && !item.pendingIn()
                && !item.pendingOut() && !item.preApproved();
    }

    List<RosterChange> changedSince(long since) {
        return store.changedSince(owner, since);
    }
}

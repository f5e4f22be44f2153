package org.parloir.xmpp.im;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * XEP-0191 block lists, cached. {@link #blocks} answers from memory when the list is loaded (it is loaded when the
 * owner binds a resource), so message routing on an event loop never waits for the database.
 */
public final class Blocklists {

    private final BlocklistStore store;
    // no expiry by time: an online user's list must stay in memory (a missing list reads as "blocks nobody" on
    // the event loop); lists are small and only evicted beyond this many accounts
    private final Cache<String, Set<String>> cache = Caffeine.newBuilder().maximumSize(1_000_000).build();

    public Blocklists(BlocklistStore store) {
        this.store = store;
    }

    /** Loads (blocking) and returns the list. */
    public Set<String> load(String owner) {
        return cache.get(owner, o -> Set.copyOf(store.blocked(o)));
    }

    /** Whether {@code owner} blocks {@code other}; a list that is not loaded is loaded (blocking). */
    public boolean blocks(String owner, Jid other) {
        Set<String> list = cache.getIfPresent(owner);
        if (list == null) {
            list = load(owner);
        }
        return matches(list, other);
    }

    /** XEP-0191 §3.2 / XEP-0016 matching: the full JID, the bare JID or the domain is listed. */
    private static boolean matches(Set<String> list, Jid other) {
        return other != null && !list.isEmpty() && (list.contains(other.toString())
                || list.contains(other.asBareJid().toString()) || list.contains(other.getDomain().toString()));
    }

    /** Whether it is known without I/O that {@code owner} blocks nobody: loaded and empty. */
    public Boolean blocksCached(String owner, Jid other) {
        Set<String> list = cache.getIfPresent(owner);
        if (list == null) {
            return null;
        }
        return matches(list, other);
    }

    public boolean add(String owner, Collection<String> jids) {
        boolean changed = store.add(owner, jids);
        Set<String> next = new HashSet<>(load(owner));
        next.addAll(jids);
        cache.put(owner, Set.copyOf(next));
        return changed;
    }

    public boolean remove(String owner, Collection<String> jids) {
        boolean changed = store.remove(owner, jids);
        Set<String> next = new HashSet<>(load(owner));
        next.removeAll(jids);
        cache.put(owner, Set.copyOf(next));
        return changed;
    }

    public boolean clear(String owner) {
        boolean changed = store.clear(owner);
        cache.put(owner, Set.of());
        return changed;
    }

    /** Deletes the owner's list and forgets it (the account is gone). */
    public void forget(String owner) {
        store.clear(owner);
        cache.invalidate(owner);
    }
}

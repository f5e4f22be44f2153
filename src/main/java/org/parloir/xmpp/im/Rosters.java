package org.parloir.xmpp.im;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Rosters of recently active accounts, loaded from the database on first use. Call only from the owner's
 * serialised work (it may block on the database).
 */
final class Rosters {

    private final RosterStore store;
    private final Cache<String, UserRoster> cache = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(30)).build();

    Rosters(RosterStore store) {
        this.store = store;
    }

    UserRoster of(String owner) {
        return cache.get(owner, o -> new UserRoster(o, store));
    }

    /** Drops the cached roster (its rows were deleted). */
    void forget(String owner) {
        cache.invalidate(owner);
    }

    long size() {
        return cache.estimatedSize();
    }
}

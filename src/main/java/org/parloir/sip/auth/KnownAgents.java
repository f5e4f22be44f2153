package org.parloir.sip.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import org.parloir.core.UserAddress;

/**
 * The digest algorithm each user agent last authenticated with, per address-of-record and {@code User-Agent}
 * string, so a UA that answered one of several challenges (RFC 8760 §2.3) is challenged with that algorithm alone
 * next time. Only a verified response is remembered, so nobody but the user can make the server expect SHA-256
 * from a phone of theirs. Bounded ({@code limit} entries, least recently used first out) and forgotten after
 * {@code idle} without use; per node, not shared in a cluster (a miss only costs the domain's usual challenge).
 */
public final class KnownAgents {

    /** RFC 3261 §20.41 puts no limit on the header; longer strings are cut, as the registrar stores them. */
    private static final int MAX_AGENT = 255;

    private record Key(UserAddress user, String agent) {
    }

    private final Cache<Key, DigestAlgorithm> cache;
    private final long limit;

    public KnownAgents(long limit, Duration idle) {
        this.limit = limit;
        // evictions on the caller's thread: a few map operations, and the bound holds without a background task
        this.cache = Caffeine.newBuilder().maximumSize(limit).expireAfterAccess(idle).executor(Runnable::run)
                .build();
    }

    /** What {@code user}'s UA named {@code agent} authenticated with last; empty without a User-Agent. */
    public Optional<DigestAlgorithm> algorithm(UserAddress user, String agent) {
        if (agent == null || limit == 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(cache.getIfPresent(new Key(user, agent)));
    }

    /** Records a verified response; a UA that sends no User-Agent cannot be told from the user's other phones. */
    public void authenticated(UserAddress user, String agent, DigestAlgorithm algorithm) {
        if (agent != null && limit > 0) {
            cache.put(new Key(user, agent), algorithm);
        }
    }

    /** Entries held now (approximate, for the gauge). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    public long limit() {
        return limit;
    }

    /** The User-Agent of {@code request} as one string of at most 255 characters, or null without one. */
    public static String userAgent(Request request) {
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        if (ua == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        ua.getProduct().forEachRemaining(p -> sb.append(sb.isEmpty() ? "" : " ").append(p));
        return sb.length() > MAX_AGENT ? sb.substring(0, MAX_AGENT) : sb.toString();
    }
}

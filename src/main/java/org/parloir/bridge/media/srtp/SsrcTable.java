package org.parloir.bridge.media.srtp;

/**
 * At most {@code capacity} contexts keyed by SSRC, for one direction of a session: linear search over a few
 * primitive keys (the relay allows a handful of sources), a use stamp for least-recently-used eviction. Nothing is
 * boxed or allocated after construction, unlike a {@code Map<Long, C>}. Not thread-safe.
 */
final class SsrcTable<C> {

    private final long[] ssrcs;
    private final Object[] contexts;
    private final long[] used;
    private int size;
    private long clock;

    SsrcTable(int capacity) {
        ssrcs = new long[capacity];
        contexts = new Object[capacity];
        used = new long[capacity];
    }

    /** The context of {@code ssrc}, now the most recently used, or null. */
    @SuppressWarnings("unchecked")
    C get(long ssrc) {
        for (int i = 0; i < size; i++) {
            if (ssrcs[i] == ssrc) {
                used[i] = ++clock;
                return (C) contexts[i];
            }
        }
        return null;
    }

    boolean full() {
        return size == ssrcs.length;
    }

    /** Adds a source that {@link #get} does not know; when full, in place of the least recently used one. */
    void put(long ssrc, C context) {
        int at = size < ssrcs.length ? size++ : leastRecent();
        ssrcs[at] = ssrc;
        contexts[at] = context;
        used[at] = ++clock;
    }

    private int leastRecent() {
        int at = 0;
        for (int i = 1; i < size; i++) {
            if (used[i] < used[at]) {
                at = i;
            }
        }
        return at;
    }
}

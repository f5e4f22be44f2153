package org.parloir.bridge.media.srtp;

/**
 * The receiver's replay list (RFC 3711 §3.3.2): the highest index authenticated so far and a 64-bit bitmask of the
 * indices just below it. An index below the window is refused as a possible replay, as the RFC allows.
 */
final class ReplayWindow {

    static final int SIZE = 64;

    private long highest = -1;
    private long bits;

    /** The highest accepted index, or -1 before the first. */
    long highest() {
        return highest;
    }

    /** Whether {@code index} was already accepted or is too old to tell. */
    boolean replayed(long index) {
        if (highest < 0 || index > highest) {
            return false;
        }
        long delta = highest - index;
        return delta >= SIZE || (bits & (1L << delta)) != 0;
    }

    /** Records an authenticated {@code index} (after the tag was checked, §3.3 step 5 then 6). */
    void accept(long index) {
        if (index > highest) {
            long shift = highest < 0 ? SIZE : index - highest;
            bits = shift >= SIZE ? 1 : (bits << shift) | 1;
            highest = index;
        } else {
            bits |= 1L << (highest - index);
        }
    }
}

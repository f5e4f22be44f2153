package org.parloir.aaa;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Acct-Session-Ids (RFC 2866 §5.5), unique across restarts: the process's start second and 32 random bits, then a
 * counter, in hex ({@code 6740a3b1c0ffee42-1f}). Two processes collide only if they start in the same second and
 * draw the same random bits.
 */
final class SessionIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    SessionIds(Instant start, SecureRandom random) {
        this.prefix = String.format("%08x%08x-", start.getEpochSecond() & 0xffffffffL, random.nextInt());
    }

    String next() {
        return prefix + Long.toHexString(counter.incrementAndGet());
    }
}

package org.parloir.xmpp.sasl;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.parloir.core.UserAddress;

/**
 * Remembers recent SASL failures per account and per client address and turns them into a delay before the next
 * failure is answered: guessing passwords gets slower for the attacker, a legitimate user is never locked out.
 */
public final class AuthThrottle {

    private final Cache<UserAddress, AtomicInteger> byAccount;
    private final Cache<InetAddress, AtomicInteger> byAddress;
    private final Duration step;
    private final Duration max;

    public AuthThrottle(Duration window, Duration step, Duration max) {
        this.byAccount = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.byAddress = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.step = step;
        this.max = max;
    }

    /** Records a failure and returns how long to wait before answering it. */
    public Duration failed(UserAddress account, InetAddress address) {
        int failures = 0;
        if (account != null) {
            failures = Math.max(failures, byAccount.get(account, a -> new AtomicInteger()).incrementAndGet());
        }
        if (address != null) {
            failures = Math.max(failures, byAddress.get(address, a -> new AtomicInteger()).incrementAndGet());
        }
        Duration delay = step.multipliedBy(failures);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** A success clears the account's count (not the address's: one right password does not excuse a scan). */
    public void succeeded(UserAddress account) {
        byAccount.invalidate(account);
    }
}

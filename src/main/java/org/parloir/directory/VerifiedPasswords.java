package org.parloir.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parloir.core.UserAddress;

/**
 * Passwords recently verified the slow way (PBKDF2, LDAP bind), so that a client logging in again with the same
 * password skips it. What is kept is HMAC-SHA-256 of the password under a key drawn at start and never stored:
 * a heap dump shows no password, and the values are useless after a restart or in another process.
 *
 * <p>A matching password is accepted; anything else goes the slow way (so a password changed in the directory
 * works at once, while the old one is accepted until its entry expires). Creating an account or changing its
 * password here forgets the entry, after the write. A verification that overlaps such a change must not put the
 * old password back: {@link #verify} takes an {@link #epoch()} before the slow path and {@link #remember} does
 * nothing if anything was forgotten meanwhile.
 */
final class VerifiedPasswords {

    private static final String HMAC = "HmacSHA256";

    private final Cache<String, byte[]> verified;
    private final SecretKeySpec key;
    private final AtomicLong forgotten = new AtomicLong();
    private final boolean enabled;

    /**
     * @param ttl     how long a verified password is remembered; zero turns remembering off
     * @param maxSize users remembered at most
     */
    VerifiedPasswords(Duration ttl, long maxSize, SecureRandom random) {
        this(ttl, maxSize, random, Ticker.systemTicker());
    }

    VerifiedPasswords(Duration ttl, long maxSize, SecureRandom random, Ticker ticker) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        this.enabled = !ttl.isZero();
        this.verified = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).ticker(ticker)
                .build();
    }

    /**
     * Accepts {@code password} at once when it matches the remembered one, else runs {@code slowPath} (PBKDF2, LDAP
     * bind) and remembers the password if that accepts it.
     */
    CompletionStage<Boolean> verify(UserAddress address, String password,
                                    Supplier<CompletionStage<Boolean>> slowPath) {
        if (matches(address, password)) {
            return CompletableFuture.completedFuture(true);
        }
        long epoch = epoch();
        return slowPath.get().thenApply(ok -> {
            if (ok) {
                remember(address, password, epoch);
            }
            return ok;
        });
    }

    /** Whether {@code password} is the one last verified for {@code address} (constant-time comparison). */
    boolean matches(UserAddress address, String password) {
        byte[] known = verified.getIfPresent(key(address));
        return known != null && MessageDigest.isEqual(known, keyed(address, password));
    }

    /** A stamp to take before verifying the slow way. */
    long epoch() {
        return forgotten.get();
    }

    /** Remembers a password just verified, unless an entry was forgotten since {@code epoch}. */
    void remember(UserAddress address, String password, long epoch) {
        if (!enabled) {
            return;
        }
        String k = key(address);
        byte[] value = keyed(address, password);
        // compute() serialises with forget() of the same key; the epoch catches a forget that ran before it
        verified.asMap().compute(k, (ignored, old) -> forgotten.get() == epoch ? value : old);
    }

    /** Forgets {@code address}'s password (created, changed). */
    void forget(UserAddress address) {
        String k = key(address);
        verified.asMap().compute(k, (ignored, old) -> {
            forgotten.incrementAndGet();
            return null;
        });
    }

    long size() {
        return verified.estimatedSize();
    }

    /** Local parts are looked up case-insensitively by both stores. */
    private static String key(UserAddress address) {
        return address.local().toLowerCase(Locale.ROOT) + "@" + address.domain();
    }

    private byte[] keyed(UserAddress address, String password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            // the address is bound in, so equal passwords of two users give unrelated values
            mac.update(key(address).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}

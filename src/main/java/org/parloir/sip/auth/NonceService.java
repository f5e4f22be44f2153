package org.parloir.sip.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that expire and cannot be replayed, in bounded memory (the scheme of Kamailio's auth module).
 *
 * <p>A nonce carries its serial number and issue time, authenticated by an HMAC under a key drawn at start-up, so
 * nonces need no table to be recognised. Replay protection is a fixed ring of slots: serial {@code n} owns slot
 * {@code n mod size} and records the highest nonce count seen. A request whose nonce count does not grow is a
 * replay; a nonce whose slot has since been handed to a newer nonce, or that is older than the TTL, is stale.
 */
public final class NonceService {

    /** Outcome of checking a nonce before the digest response is verified. */
    public enum Check { VALID, STALE, INVALID }

    private static final int MAC_BYTES = 12;
    private static final int NC_BITS = 24;
    private static final long NC_MASK = (1L << NC_BITS) - 1;
    private static final long SERIAL_MASK = (1L << (64 - NC_BITS)) - 1;

    private final byte[] key = new byte[32];
    private final ThreadLocal<Mac> macs;
    private final AtomicLong serials = new AtomicLong();
    private final AtomicLongArray slots;
    private final long ttlSeconds;
    private final Clock clock;

    public NonceService(Duration ttl, int slotCount, Clock clock) {
        new SecureRandom().nextBytes(key);
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.slots = new AtomicLongArray(Integer.highestOneBit(Math.max(slotCount, 1024) - 1) << 1);
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
        this.clock = clock;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh nonce; its slot starts at nonce count 0. */
    public String issue() {
        long serial = serials.incrementAndGet() & SERIAL_MASK;
        slots.set(slot(serial), serial << NC_BITS);
        ByteBuffer buf = ByteBuffer.allocate(16 + MAC_BYTES);
        buf.putLong(serial).putLong(clock.millis() / 1000);
        buf.put(mac(buf.array(), 16), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Is this nonce ours, fresh and still owning its slot? Does not consume a nonce count. */
    public Check check(String nonce) {
        Parsed p = parse(nonce);
        if (p == null) {
            return Check.INVALID;
        }
        long age = clock.millis() / 1000 - p.issuedAt;
        if (age < 0 || age > ttlSeconds) {
            return Check.STALE;
        }
        return owner(slots.get(slot(p.serial))) == p.serial ? Check.VALID : Check.STALE;
    }

    /**
     * Records nonce count {@code nc} for a nonce whose digest was verified. With {@code qop} the count must grow
     * (RFC 2617 §3.2.2); without it a nonce is good for one request. Returns false for a replay or a lost slot.
     */
    public boolean consume(String nonce, long nc) {
        Parsed p = parse(nonce);
        if (p == null) {
            return false;
        }
        long wanted = Math.min(Math.max(nc, 1), NC_MASK);
        int slot = slot(p.serial);
        while (true) {
            long v = slots.get(slot);
            if (owner(v) != p.serial || (v & NC_MASK) >= wanted) {
                return false;
            }
            if (slots.compareAndSet(slot, v, (p.serial << NC_BITS) | wanted)) {
                return true;
            }
        }
    }

    private record Parsed(long serial, long issuedAt) {
    }

    private Parsed parse(String nonce) {
        if (nonce == null || nonce.length() != 38) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != 16 + MAC_BYTES) {
            return null;
        }
        byte[] expected = mac(raw, 16);
        byte[] got = new byte[MAC_BYTES];
        System.arraycopy(raw, 16, got, 0, MAC_BYTES);
        byte[] want = new byte[MAC_BYTES];
        System.arraycopy(expected, 0, want, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(got, want)) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        return new Parsed(buf.getLong(), buf.getLong());
    }

    private byte[] mac(byte[] data, int len) {
        Mac mac = macs.get();
        mac.update(data, 0, len);
        return mac.doFinal();
    }

    private int slot(long serial) {
        return (int) (serial & (slots.length() - 1));
    }

    private static long owner(long slotValue) {
        return slotValue >>> NC_BITS;
    }

    int slotCount() {
        return slots.length();
    }
}

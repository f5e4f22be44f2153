package org.parloir.xmpp.net;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connections that have not authenticated yet, in accept order, per client address and in all. A connection over
 * a cap does not lock the others out: the OLDEST unauthenticated connection (of that address, or of all) makes
 * room for it. Slow pre-authentication connections hold a slot only until someone needs it, and a campus NAT
 * whose thousands of users share one address keeps logging in while a few of them (or an attacker behind the same
 * address) leave half-open streams behind. A connection leaves when SASL succeeds (RFC 6120 §6.4.6) or when it
 * closes; authenticated connections are not counted at all. Thread-safe: channels of one address live on
 * different event loops.
 */
public final class UnauthenticatedConnections {

    /** Why a connection was chosen to make room. */
    public enum Cap {
        /** {@code parloir.xmpp.limits.connections-per-ip} */
        ADDRESS("too many unauthenticated connections from your address: the oldest is closed"),
        /** {@code parloir.xmpp.limits.unauthenticated-connections} */
        TOTAL("too many unauthenticated connections to this server: the oldest is closed");

        private final String text;

        Cap(String text) {
            this.text = text;
        }

        /** The stream error text the evicted client reads. */
        public String text() {
            return text;
        }
    }

    /** A connection chosen to make room, and the cap it was over. */
    public record Eviction(Channel channel, Cap cap) {
    }

    private final int perAddress;
    private final int total;
    private final Map<InetAddress, LinkedHashSet<Channel>> byAddress = new HashMap<>();
    private final Map<Channel, InetAddress> addresses = new HashMap<>();
    private final LinkedHashSet<Channel> all = new LinkedHashSet<>();
    private final AtomicLong evictedForAddress = new AtomicLong();
    private final AtomicLong evictedForTotal = new AtomicLong();

    public UnauthenticatedConnections(int perAddress, int total) {
        if (perAddress < 1 || total < 1) {
            throw new IllegalArgumentException("caps must be at least 1");
        }
        this.perAddress = perAddress;
        this.total = total;
    }

    /**
     * Counts a new connection from {@code address} (null: counted in the total only) and returns the older ones
     * that must close to make room for it, already forgotten here.
     */
    public synchronized List<Eviction> admit(Channel channel, InetAddress address) {
        List<Eviction> evicted = new ArrayList<>(1);
        all.add(channel);
        if (address != null) {
            addresses.put(channel, address);
            LinkedHashSet<Channel> same = byAddress.computeIfAbsent(address, a -> new LinkedHashSet<>());
            same.add(channel);
            if (same.size() > perAddress) {
                evicted.add(evict(same.getFirst(), Cap.ADDRESS));
            }
        }
        if (all.size() > total) {
            evicted.add(evict(all.getFirst(), Cap.TOTAL));
        }
        return evicted;
    }

    private Eviction evict(Channel oldest, Cap cap) {
        remove(oldest);
        (cap == Cap.ADDRESS ? evictedForAddress : evictedForTotal).incrementAndGet();
        return new Eviction(oldest, cap);
    }

    /** The connection authenticated or closed; false when it was not counted (any more). */
    public synchronized boolean remove(Channel channel) {
        if (!all.remove(channel)) {
            return false;
        }
        InetAddress address = addresses.remove(channel);
        if (address != null) {
            LinkedHashSet<Channel> same = byAddress.get(address);
            same.remove(channel);
            if (same.isEmpty()) {
                byAddress.remove(address);
            }
        }
        return true;
    }

    /** Unauthenticated connections now, all addresses together. */
    public synchronized int size() {
        return all.size();
    }

    /** Unauthenticated connections from {@code address} now. */
    public synchronized int size(InetAddress address) {
        LinkedHashSet<Channel> same = byAddress.get(address);
        return same == null ? 0 : same.size();
    }

    /** Connections closed so far to make room under {@code cap}. */
    public long evicted(Cap cap) {
        return (cap == Cap.ADDRESS ? evictedForAddress : evictedForTotal).get();
    }
}

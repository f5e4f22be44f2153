package org.parloir.sip.registrar;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The location service (RFC 3261 §10.3): bindings of each address-of-record, in memory for the proxy's lookups
 * and group-committed to the database by {@link BindingWriter} so they survive a restart; an update's result says
 * when its change is durable. Updates of one AOR are serialised; contacts are
 * matched with the URI comparison rules of RFC 3261 §19.1.4 (JAIN-SIP's {@code URI.equals}).
 */
public final class LocationService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocationService.class);

    /** A change requested for one contact. {@code expires} 0 removes it. */
    public record ContactChange(URI uri, int expires, float q) {
    }

    public sealed interface UpdateResult {
        /**
         * The change is applied in memory (lookups see it at once); {@code committed} completes when it is in the
         * database, at once when nothing had to be written. The future is the caller's own.
         */
        record Updated(List<Binding> current, CompletableFuture<Void> committed) implements UpdateResult {
            public static Updated unchanged(List<Binding> current) {
                return new Updated(current, CompletableFuture.completedFuture(null));
            }
        }

        /** RFC 3261 §10.3 step 7: same Call-ID with a CSeq not above the binding's. */
        record OutOfOrder() implements UpdateResult {
        }

        record TooManyContacts(int max) implements UpdateResult {
        }
    }

    private record Entry(Binding binding, URI uri) {
    }

    private final Map<String, List<Entry>> byAor = new ConcurrentHashMap<>();
    private final BindingWriter writer;
    private final AddressFactory addresses;
    private final LongSupplier clock;
    private final int maxContacts;
    /** The AORs with at least one binding, as last told to the listeners. */
    private final java.util.Set<String> available = ConcurrentHashMap.newKeySet();
    private final List<java.util.function.Consumer<String>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    LocationService(BindingStore store, BindingWriter writer, AddressFactory addresses, LongSupplier clock,
                    int maxContacts) {
        this.writer = writer;
        this.addresses = addresses;
        this.clock = clock;
        this.maxContacts = maxContacts;
        int loaded = 0;
        for (Binding b : store.loadUnexpired(clock.getAsLong())) {
            try {
                byAor.computeIfAbsent(b.aor(), k -> new ArrayList<>()).add(new Entry(b, addresses.createURI(
                        b.contact())));
                loaded++;
            } catch (ParseException e) {
                log.warn("dropping stored binding of {} with unparsable contact {}", b.aor(), b.contact());
            }
        }
        available.addAll(byAor.keySet());
        log.info("location service: {} bindings of {} AORs restored from the database", loaded, byAor.size());
    }

    /**
     * {@code listener} hears of each AOR that gets its first binding or loses its last one (a REGISTER, an
     * unregistration, an expiry found by the sweep, an administrative removal), on the thread that changed it;
     * it never blocks. It then asks {@link #lookup} what is there now.
     */
    public void onAvailability(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    private void announce(String aor, boolean bound) {
        if (bound ? available.add(aor) : available.remove(aor)) {
            for (java.util.function.Consumer<String> l : listeners) {
                try {
                    l.accept(aor);
                } catch (RuntimeException e) {
                    log.warn("{}: a listener of registrations failed", aor, e);
                }
            }
        }
    }

    /** Current bindings of {@code aor}, best q first (RFC 3261 §16.6: absent q ranks as 1.0... after explicit). */
    public List<Binding> lookup(String aor) {
        List<Entry> entries = byAor.get(aor);
        if (entries == null) {
            return List.of();
        }
        long now = clock.getAsLong();
        synchronized (entries) {
            return entries.stream().map(Entry::binding).filter(b -> !b.expired(now))
                    .sorted(Comparator.comparingDouble((Binding b) -> b.q() < 0 ? 1.0 : b.q()).reversed())
                    .toList();
        }
    }

    public UpdateResult update(String aor, List<ContactChange> changes, String callId, long cseq, List<String> path,
                               String received, String userAgent) {
        long now = clock.getAsLong();
        while (true) {
            List<Entry> entries = byAor.computeIfAbsent(aor, k -> new ArrayList<>());
            synchronized (entries) {
                if (byAor.get(aor) != entries) {
                    continue; // the sweeper dropped this empty list meanwhile
                }
                UpdateResult result = apply(aor, entries, changes, callId, cseq, path, received, userAgent, now);
                if (result instanceof UpdateResult.Updated u) {
                    announce(aor, !u.current().isEmpty());
                }
                return result;
            }
        }
    }

    private UpdateResult apply(String aor, List<Entry> entries, List<ContactChange> changes, String callId,
                               long cseq, List<String> path, String received, String userAgent, long now) {
        {
            entries.removeIf(e -> e.binding().expired(now));
            // validate everything first: the whole request applies or nothing does (§10.3 step 7)
            for (ContactChange c : changes) {
                Entry existing = find(entries, c.uri());
                if (existing != null && existing.binding().callId().equals(callId)
                        && existing.binding().cseq() >= cseq) {
                    return new UpdateResult.OutOfOrder();
                }
            }
            List<Entry> next = new ArrayList<>(entries);
            for (ContactChange c : changes) {
                Entry existing = find(next, c.uri());
                if (existing != null) {
                    next.remove(existing);
                }
                if (c.expires() > 0) {
                    Binding b = new Binding(aor, c.uri().toString(), c.q(), now + c.expires() * 1000L, callId,
                            cseq, path, received, userAgent);
                    next.add(new Entry(b, c.uri()));
                }
            }
            if (next.size() > maxContacts) {
                return new UpdateResult.TooManyContacts(maxContacts);
            }
            List<CompletableFuture<Void>> writes = new ArrayList<>(2);
            for (Entry old : entries) {
                if (find(next, old.uri()) == null) {
                    writes.add(writer.delete(aor, old.binding().contact()));
                }
            }
            for (Entry e : next) {
                if (!entries.contains(e)) {
                    writes.add(writer.upsert(e.binding()));
                }
            }
            entries.clear();
            entries.addAll(next);
            return new UpdateResult.Updated(entries.stream().map(Entry::binding).toList(), allOf(writes));
        }
    }

    /** {@code Contact: *} with {@code Expires: 0} (§10.3 step 6). */
    public UpdateResult removeAll(String aor, String callId, long cseq) {
        List<Entry> entries = byAor.get(aor);
        if (entries == null) {
            return UpdateResult.Updated.unchanged(List.of());
        }
        synchronized (entries) {
            for (Entry e : entries) {
                if (e.binding().callId().equals(callId) && e.binding().cseq() >= cseq) {
                    return new UpdateResult.OutOfOrder();
                }
            }
            List<CompletableFuture<Void>> writes = new ArrayList<>(entries.size());
            entries.forEach(e -> writes.add(writer.delete(aor, e.binding().contact())));
            entries.clear();
            announce(aor, false);
            return new UpdateResult.Updated(List.of(), allOf(writes));
        }
    }

    /** Administrative removal of all bindings of an AOR; returns how many were removed. */
    public int remove(String aor) {
        List<Entry> entries = byAor.get(aor);
        if (entries == null) {
            return 0;
        }
        synchronized (entries) {
            int n = entries.size();
            entries.forEach(e -> writer.delete(aor, e.binding().contact()));
            entries.clear();
            announce(aor, false);
            return n;
        }
    }

    /** All current bindings by AOR, sorted by AOR. */
    public Map<String, List<Binding>> all() {
        Map<String, List<Binding>> out = new TreeMap<>();
        for (String aor : byAor.keySet()) {
            List<Binding> list = lookup(aor);
            if (!list.isEmpty()) {
                out.put(aor, list);
            }
        }
        return out;
    }

    /** Drops expired bindings from memory; {@link BindingWriter} purges them from the database. */
    void sweep() {
        long now = clock.getAsLong();
        byAor.forEach((aor, entries) -> {
            synchronized (entries) {
                entries.removeIf(e -> e.binding().expired(now));
                if (entries.isEmpty()) {
                    announce(aor, false);
                }
            }
        });
        for (String aor : byAor.keySet()) {
            byAor.computeIfPresent(aor, (k, v) -> {
                synchronized (v) {
                    return v.isEmpty() ? null : v;
                }
            });
        }
    }

    public int bindingCount() {
        int n = 0;
        for (List<Entry> entries : byAor.values()) {
            synchronized (entries) {
                n += entries.size();
            }
        }
        return n;
    }

    int pendingWrites() {
        return writer.pendingCount();
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> writes) {
        return switch (writes.size()) {
            case 0 -> CompletableFuture.completedFuture(null);
            case 1 -> writes.getFirst();
            default -> CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        };
    }

    private static Entry find(List<Entry> entries, URI uri) {
        for (Entry e : entries) {
            if (e.uri().equals(uri)) {
                return e;
            }
        }
        return null;
    }

    @Override
    public void close() {
        writer.close();
    }
}

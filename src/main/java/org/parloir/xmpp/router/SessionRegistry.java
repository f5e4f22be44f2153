package org.parloir.xmpp.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

/** Bound resources by bare JID on this node. Thread-safe; resource lists are small immutable copies. */
public final class SessionRegistry {

    private final ConcurrentHashMap<BareJid, List<ClientSession>> byBare = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** Binds {@code session}; returns the session it replaces (same full JID), or null. */
    public ClientSession bind(ClientSession session) {
        ClientSession[] replaced = new ClientSession[1];
        byBare.compute(session.jid().asBareJid(), (bare, list) -> {
            List<ClientSession> next = new ArrayList<>(list == null ? 1 : list.size() + 1);
            if (list != null) {
                for (ClientSession s : list) {
                    if (s.jid().equals(session.jid())) {
                        replaced[0] = s;
                    } else {
                        next.add(s);
                    }
                }
            }
            next.add(session);
            return List.copyOf(next);
        });
        if (replaced[0] == null) {
            count.incrementAndGet();
        }
        return replaced[0];
    }

    /** Removes {@code session} if it is still bound; true when it was. */
    public boolean unbind(ClientSession session) {
        boolean[] removed = new boolean[1];
        byBare.computeIfPresent(session.jid().asBareJid(), (bare, list) -> {
            List<ClientSession> next = new ArrayList<>(list);
            removed[0] = next.remove(session);
            return next.isEmpty() ? null : List.copyOf(next);
        });
        if (removed[0]) {
            count.decrementAndGet();
        }
        return removed[0];
    }

    /** Every bound resource of this account. */
    public List<ClientSession> sessions(BareJid bare) {
        List<ClientSession> list = byBare.get(bare);
        return list == null ? List.of() : list;
    }

    /** The resource bound to this full JID, or null. */
    public ClientSession session(Jid full) {
        if (!(full instanceof EntityFullJid)) {
            return null;
        }
        for (ClientSession s : sessions(full.asBareJid())) {
            if (s.jid().equals(full)) {
                return s;
            }
        }
        return null;
    }

    /** Available resources of this account. */
    public List<ClientSession> available(BareJid bare) {
        List<ClientSession> all = sessions(bare);
        List<ClientSession> list = new ArrayList<>(all.size());
        for (ClientSession s : all) {
            if (s.presence().isAvailable()) {
                list.add(s);
            }
        }
        return list;
    }

    public int size() {
        return count.get();
    }

    public Collection<List<ClientSession>> all() {
        return byBare.values();
    }
}

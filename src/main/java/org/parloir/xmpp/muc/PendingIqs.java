package org.parloir.xmpp.muc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jxmpp.jid.EntityFullJid;

/**
 * IQ requests one occupant sent to another through the room (XEP-0045 §7.5, "IQ requests"), by the id the room
 * gave them, so that the answer finds its way back. Bounded: the oldest are forgotten.
 */
final class PendingIqs {

    /** A forwarded request: who asked, with which id, and the nickname it was addressed to. */
    record Pending(EntityFullJid requester, String id, String targetNick, EntityFullJid target) {
    }

    private static final int MAX = 256;
    private final Map<String, Pending> byId = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > MAX;
        }
    };
    private long next;

    /** Remembers a request; returns the id to forward it with. */
    String add(Pending pending) {
        String id = "muc-" + (++next) + "-" + pending.id();
        byId.put(id, pending);
        return id;
    }

    /** The request answered by a result or error carrying {@code id}, removed; null if unknown. */
    Pending answered(String id) {
        return id == null ? null : byId.remove(id);
    }
}

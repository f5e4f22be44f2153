package org.parloir.xmpp.router;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.parloir.xmpp.stanza.Element;

/**
 * The presence-related state of one resource (RFC 6121 §4): its last available presence (null while unavailable),
 * whether it asked for the roster (an "interested resource", §2.1.6), the JIDs it sent directed presence to
 * (§4.6), and the XEP-0280 / XEP-0352 flags.
 */
public final class SessionPresence {

    private volatile Element available;
    private volatile boolean interested;
    private volatile boolean carbons;
    private volatile boolean inactive;
    private volatile boolean initialSent;
    private volatile boolean blocklistRequested;
    private final Set<String> directedTo = ConcurrentHashMap.newKeySet();
    private volatile Set<String> features = Set.of();

    public Element available() {
        return available;
    }

    public void available(Element presence) {
        this.available = presence;
    }

    public boolean isAvailable() {
        return available != null;
    }

    /** Priority of the last available presence; unavailable resources rank below everything. */
    public int priority() {
        Element p = available;
        if (p == null) {
            return Integer.MIN_VALUE;
        }
        String text = p.childText("priority", org.parloir.xmpp.stanza.Namespaces.CLIENT);
        if (text == null) {
            return 0;
        }
        try {
            return Math.max(-128, Math.min(127, Integer.parseInt(text.trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The disco#info features this resource advertises through XEP-0115 caps in its presence, once the server has
     * learnt them (from its cache of verified hashes or by asking the client); empty until then.
     */
    public Set<String> features() {
        return features;
    }

    public void features(Set<String> value) {
        features = Set.copyOf(value);
    }

    public boolean interested() {
        return interested;
    }

    public void interested(boolean value) {
        interested = value;
    }

    public boolean carbons() {
        return carbons;
    }

    public void carbons(boolean value) {
        carbons = value;
    }

    public boolean inactive() {
        return inactive;
    }

    public void inactive(boolean value) {
        inactive = value;
    }

    /** Whether this resource fetched the block list (XEP-0191 §3.2): only those get block/unblock pushes. */
    public boolean blocklistRequested() {
        return blocklistRequested;
    }

    public void blocklistRequested(boolean value) {
        blocklistRequested = value;
    }

    /** True once: the first available presence of this session (it triggers probes and offline delivery). */
    public boolean markInitialSent() {
        boolean first = !initialSent;
        initialSent = true;
        return first;
    }

    public Set<String> directedTo() {
        return directedTo;
    }
}

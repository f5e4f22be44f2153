package org.parloir.xmpp.im;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.EntityCaps;
import org.parloir.xmpp.stanza.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each client resource can do, learnt from the XEP-0115 caps in its presence: a verified hash seen before is
 * answered from memory; otherwise the server asks the client for disco#info of {@code node#ver} (§6.2), checks the
 * hash against the answer (§5.4) and remembers it only when it matches. The resource gets the features of its own
 * answer either way. Bounded: at most {@value #MAX_KNOWN} hashes and {@value #MAX_PENDING} questions are kept.
 */
final class CapsDiscovery {

    private static final Logger log = LoggerFactory.getLogger(CapsDiscovery.class);
    static final int MAX_KNOWN = 10_000;
    static final int MAX_PENDING = 1_000;
    private static final String ID_PREFIX = "caps-";

    private record Pending(EntityFullJid jid, String node, String ver, boolean verifiable) {
    }

    private final Map<String, Set<String>> known = bounded(MAX_KNOWN);
    private final Map<String, Pending> pending = bounded(MAX_PENDING);
    private long next;
    private long queries;

    /** An available presence from {@code session}, as stamped: learn what its caps stand for. */
    void announced(ClientSession session, Element presence) {
        Element c = presence.child("c", Namespaces.CAPS);
        if (c == null || c.attribute("node") == null || c.attribute("ver") == null) {
            session.presence().features(Set.of());
            return;
        }
        String ver = c.attribute("ver");
        boolean verifiable = "sha-1".equals(c.attribute("hash"));
        Set<String> features;
        String id;
        synchronized (this) {
            features = verifiable ? known.get(ver) : null;
            if (features != null) {
                id = null;
            } else {
                id = ID_PREFIX + (++next);
                queries++;
                pending.put(id, new Pending(session.jid(), c.attribute("node"), ver, verifiable));
            }
        }
        if (features != null) {
            session.presence().features(features);
            return;
        }
        session.deliver(Element.builder("iq", Namespaces.CLIENT).attribute("type", "get").attribute("id", id)
                .attribute("from", session.jid().getDomain().toString()).attribute("to", session.jid().toString())
                .child(Element.builder("query", Namespaces.DISCO_INFO)
                        .attribute("node", c.attribute("node") + "#" + ver).build()).build());
    }

    /** An IQ result or error a client sent to the server: true when it answers one of our questions. */
    boolean answered(ClientSession session, Element iq) {
        String id = iq.attribute("id");
        if (id == null || !id.startsWith(ID_PREFIX)) {
            return false;
        }
        Pending asked;
        synchronized (this) {
            asked = pending.remove(id);
        }
        if (asked == null || !asked.jid().equals(session.jid())) {
            return asked != null;
        }
        Element query = iq.child("query", Namespaces.DISCO_INFO);
        if (!"result".equals(iq.attribute("type")) || query == null) {
            return true;
        }
        EntityCaps caps = EntityCaps.fromDiscoInfo(asked.node(), query);
        Set<String> features = Set.copyOf(caps.features());
        if (asked.verifiable() && caps.ver().equals(asked.ver())) {
            synchronized (this) {
                known.put(asked.ver(), features);
            }
        } else if (asked.verifiable()) {
            // §5.4: a hash the answer does not produce is not cached (a buggy or lying client); ask it again next time
            log.debug("caps of {}: ver {} does not match its disco#info answer (which hashes to {})", session.jid(),
                    asked.ver(), caps.ver());
        }
        session.presence().features(features);
        return true;
    }

    /** disco#info questions sent to clients so far. */
    synchronized long queries() {
        return queries;
    }

    synchronized int knownHashes() {
        return known.size();
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}

package org.parloir.xmpp.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.EntityFullJid;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.SessionPresence;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * A bound resource. Outlives its connection when stream management (XEP-0198) is on: the connection can drop and
 * a new one resume the session, with the unacknowledged stanzas sent again. All methods are synchronised: the
 * session is touched by its connection's event loop and by the IM work of other users.
 */
final class BoundSession implements ClientSession {

    /** How long the answer sent before an end has to reach the client before the stream error follows it. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(1);

    private final EntityFullJid jid;
    private final SessionPresence presence = new SessionPresence();
    private final Instant since = Instant.now();
    private C2sConnection connection;
    private String address;
    private boolean tls;
    private boolean closed;
    private boolean ended;
    private Element beforeEnd;

    // XEP-0198 state
    private String smId;
    private long handledInbound;
    /** The highest h given to the client in an {@code <a/>}. */
    private long ackedInbound;
    /** Writes of counted inbound stanzas still in progress (any thread completes them). */
    private final Set<CompletableFuture<?>> unfinished = ConcurrentHashMap.newKeySet();
    private long sentOutbound;
    private final ArrayDeque<Element> unacked = new ArrayDeque<>();
    private int maxUnacked;
    private Runnable overflowWhileDetached;
    private java.util.concurrent.ScheduledFuture<?> expiry;

    // XEP-0352: presence held back while the client says it is inactive, newest per sender
    private final Map<String, Element> heldPresence = new LinkedHashMap<>();

    BoundSession(EntityFullJid jid, C2sConnection connection) {
        this.jid = jid;
        attach(connection);
    }

    private void attach(C2sConnection to) {
        connection = to;
        address = to.remoteText();
        tls = to.encrypted();
    }

    @Override
    public synchronized Link link() {
        return new Link(address, since, tls, smId != null, connection == null);
    }

    @Override
    public synchronized void beforeEnd(Element stanza) {
        beforeEnd = stanza;
    }

    @Override
    public void end(String condition, String text) {
        C2sConnection current;
        Runnable endDetached;
        boolean answered = false;
        synchronized (this) {
            if (ended || closed) {
                return;
            }
            ended = true;
            if (beforeEnd != null && connection != null) {
                send(beforeEnd);
                answered = true;
            }
            beforeEnd = null;
            current = connection;
            endDetached = overflowWhileDetached;
            overflowWhileDetached = null;
        }
        if (current != null && answered) {
            current.streamErrorAfter(condition, text, ANSWER_GRACE);
        } else if (current != null) {
            current.streamError(condition, text);
        } else if (endDetached != null) {
            endDetached.run();
        }
    }

    @Override
    public EntityFullJid jid() {
        return jid;
    }

    @Override
    public SessionPresence presence() {
        return presence;
    }

    @Override
    public synchronized void deliver(Element stanza) {
        if (closed) {
            return;
        }
        if (presence.inactive() && Stanzas.isPresence(stanza) && !isSubscription(stanza)) {
            heldPresence.remove(stanza.attribute("from"));
            heldPresence.put(stanza.attribute("from"), stanza);
            return;
        }
        send(stanza);
    }

    private void send(Element stanza) {
        if (smId != null) {
            unacked.addLast(stanza);
            sentOutbound++;
            if (unacked.size() > maxUnacked) {
                if (connection != null) {
                    connection.streamError("policy-violation", "too many unacknowledged stanzas");
                } else if (overflowWhileDetached != null) {
                    // waiting for a resumption that would replay too much: end it now (offline storage takes over)
                    Runnable end = overflowWhileDetached;
                    overflowWhileDetached = null;
                    end.run();
                }
                return;
            }
        }
        if (connection != null) {
            connection.send(StreamWriter.serialize(stanza), smId != null && unacked.size() % 5 == 0);
        }
    }

    private static boolean isSubscription(Element presence) {
        String type = presence.attribute("type");
        return type != null && type.startsWith("subscri") || "unsubscribe".equals(type) || "unsubscribed".equals(type);
    }

    /** XEP-0352 {@code <active/>}: flush what was held back. */
    synchronized void active() {
        presence.inactive(false);
        List<Element> held = new ArrayList<>(heldPresence.values());
        heldPresence.clear();
        held.forEach(this::send);
    }

    synchronized void inactive() {
        presence.inactive(true);
    }

    @Override
    public List<Element> replacedByNewSession() {
        C2sConnection current;
        List<Element> left;
        synchronized (this) {
            current = connection;
            closed = true;
            left = new ArrayList<>(unacked);
            unacked.clear();
            cancelExpiry();
        }
        if (current != null) {
            current.streamError("conflict", "replaced by a new connection for the same resource");
        }
        return left;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Marks the session closed and returns what the client never acknowledged (to be re-routed). */
    synchronized List<Element> close() {
        closed = true;
        connection = null;
        List<Element> left = new ArrayList<>(unacked);
        unacked.clear();
        return left;
    }

    // ---- XEP-0198 ----

    synchronized void enableStreamManagement(String id, int max) {
        smId = id;
        maxUnacked = max;
    }

    synchronized String streamManagementId() {
        return smId;
    }

    synchronized void inboundHandled() {
        if (smId != null) {
            handledInbound++;
        }
    }

    synchronized long handledInbound() {
        return handledInbound;
    }

    /** The stanza just counted by {@link #inboundHandled} has writes in progress until {@code work} completes. */
    void handling(CompletionStage<?> work) {
        CompletableFuture<?> f = work.toCompletableFuture();
        if (!f.isDone()) {
            unfinished.add(f);
            f.whenComplete((r, e) -> unfinished.remove(f));
        }
    }

    /**
     * The number of stanzas handled so far, given once the writes of all of them are durable: what an XEP-0198
     * {@code <a/>} may acknowledge (an ack tells the client it need not send them again, so it must not come before
     * an offline message is stored). Give it through {@link #acknowledging}.
     */
    CompletableFuture<Long> handledDurably() {
        long h = handledInbound();
        CompletableFuture<?>[] pending = unfinished.toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(pending).handle((r, e) -> h);
    }

    /** The h to send for {@code durable}: never lower than one already sent (call on the connection's loop). */
    synchronized long acknowledging(long durable) {
        ackedInbound = Math.max(ackedInbound, durable);
        return ackedInbound;
    }

    /** The client acknowledged {@code h} stanzas in all (XEP-0198 §4); false when h is impossible. */
    synchronized boolean acknowledged(long h) {
        long acked = sentOutbound - unacked.size();
        long newly = (h - acked) & 0xFFFFFFFFL;
        if (newly > unacked.size()) {
            return false;
        }
        for (long i = 0; i < newly; i++) {
            unacked.pollFirst();
        }
        return true;
    }

    /** Detaches {@code from}; false when the session has moved to another connection (resumed) meanwhile. */
    synchronized boolean detach(C2sConnection from) {
        if (connection != from) {
            return false;
        }
        connection = null;
        return true;
    }

    /** The pending end of the resumption window, cancelled by a resumption. */
    synchronized void expiry(java.util.concurrent.ScheduledFuture<?> timer) {
        cancelExpiry();
        expiry = timer;
    }

    private void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    /**
     * Closes the session if it is still waiting for a resumption, atomically with respect to {@link #resume}:
     * returns what it never had acknowledged, or null when it was resumed or closed meanwhile.
     */
    synchronized List<Element> closeIfDetached() {
        if (closed || connection != null) {
            return null;
        }
        return close();
    }

    /** What to do when the unacknowledged queue overflows, or the session is ended, while no connection is attached. */
    synchronized void onOverflowWhileDetached(Runnable action) {
        overflowWhileDetached = action;
    }

    synchronized boolean detached() {
        return connection == null;
    }

    /**
     * Moves the session onto a new connection (XEP-0198 §5): acknowledges {@code h}, answers {@code <resumed/>}
     * and sends again everything still unacknowledged. Returns the connection it was attached to (to be closed by
     * the caller), {@code to} itself when it was detached, null when the session is closed or h is impossible.
     */
    synchronized C2sConnection resume(C2sConnection to, long h) {
        if (closed || ended || !acknowledged(h)) {
            return null;
        }
        // the previous connection may still look alive (half-open): the caller closes it
        C2sConnection previous = connection;
        attach(to);
        overflowWhileDetached = null;
        cancelExpiry();
        to.send(StreamWriter.serialize(Element.builder("resumed", Namespaces.SM).attribute("previd", smId)
                .attribute("h", Long.toString(handledInbound)).build()), false);
        List<Element> again = new ArrayList<>(unacked);
        unacked.clear();
        sentOutbound -= again.size();
        again.forEach(this::send);
        to.send(StreamWriter.serialize(Element.of("r", Namespaces.SM)), false);
        return previous == null ? to : previous;
    }
}

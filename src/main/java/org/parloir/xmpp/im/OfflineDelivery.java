package org.parloir.xmpp.im;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.parloir.xmpp.net.XmlParsing;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline messages (RFC 6121 §8.5.2.2): stored in the database while the account has no available resource with a
 * non-negative priority, delivered with a XEP-0203 delay stamp at its next available presence, deleted only once
 * handed to the connection.
 */
final class OfflineDelivery {

    private static final Logger log = LoggerFactory.getLogger(OfflineDelivery.class);

    private final OfflineStore store;
    private final OfflineWriter writer;
    private final int maxPerUser;

    OfflineDelivery(OfflineStore store, OfflineWriter writer, int maxPerUser) {
        this.store = store;
        this.writer = writer;
        this.maxPerUser = maxPerUser;
    }

    /**
     * Stores, in a group commit; completes with false when the account's store is full (the caller bounces the
     * message), exceptionally when it could not be stored.
     */
    CompletableFuture<Boolean> store(String owner, Element message) {
        if (maxPerUser == 0) {
            return CompletableFuture.completedFuture(false);
        }
        String domain = owner.substring(owner.indexOf('@') + 1);
        Element stamped = message.withoutChildren(e -> e.is("delay", Namespaces.DELAY))
                .withChild(Element.builder("delay", Namespaces.DELAY).attribute("from", domain)
                        .attribute("stamp", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                        .text("Offline storage").build());
        return writer.store(owner, stamped.toXml(Namespaces.CLIENT), Instant.now());
    }

    /** Delivers and then deletes what is stored for the session's account. Blocking. */
    void deliverStored(ClientSession session) {
        String owner = session.jid().asBareJid().toString();
        List<OfflineMessage> stored = store.peek(owner);
        if (stored.isEmpty()) {
            return;
        }
        List<Long> delivered = new ArrayList<>(stored.size());
        for (OfflineMessage m : stored) {
            try {
                Element message = XmlParsing.parse(m.stanzaXml(), Namespaces.CLIENT);
                session.deliver(message.withAttribute("to", session.jid().toString()));
            } catch (IllegalArgumentException e) {
                log.warn("offline message {} of {} cannot be parsed; dropped", m.id(), owner);
            }
            delivered.add(m.id());
        }
        store.delete(owner, delivered);
        log.info("{}: delivered {} offline message(s)", session.jid(), delivered.size());
    }
}

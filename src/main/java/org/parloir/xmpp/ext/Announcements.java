package org.parloir.xmpp.ext;

import java.util.List;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server announcement to everyone online (XEP-0133 §4.23): a {@code headline} message from the domain itself to
 * every bound resource of its users, as Prosody's mod_announce sends it. A headline is neither stored offline nor
 * sent again to resources that come later (RFC 6121 §5.2.2): it is for those online now.
 */
public final class Announcements {

    private static final Logger log = LoggerFactory.getLogger(Announcements.class);

    private final SessionRegistry registry;

    public Announcements(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Sends the announcement; returns how many resources got it. {@code domain} must be one of ours. */
    public int announce(String domain, String subject, String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("an announcement needs a body");
        }
        Element message = Element.builder("message", Namespaces.CLIENT).attribute("type", "headline")
                .attribute("from", domain)
                .child(subject == null || subject.isBlank() ? null
                        : Element.builder("subject", Namespaces.CLIENT).text(subject).build())
                .textChild("body", body).build();
        int sent = 0;
        for (List<ClientSession> resources : registry.all()) {
            for (ClientSession s : resources) {
                if (s.jid().getDomain().toString().equals(domain)) {
                    s.deliver(message.withAttribute("to", s.jid().toString()));
                    sent++;
                }
            }
        }
        log.info("announcement from {} sent to {} resources", domain, sent);
        return sent;
    }
}

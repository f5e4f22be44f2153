package org.parloir.xmpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.core.DomainsProperties;
import org.parloir.xmpp.api.ChatRoom;
import org.parloir.xmpp.api.XmppAdministration;
import org.parloir.xmpp.api.XmppSession;
import org.parloir.xmpp.ext.Announcements;
import org.parloir.xmpp.muc.MucService;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.SessionRegistry;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link XmppAdministration} over the session registry, the chat service and announcements. */
final class Administration implements XmppAdministration {

    private static final Logger log = LoggerFactory.getLogger(Administration.class);
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * RFC 6120 §4.9.3.12: policy-violation, "the entity has violated some local service policy": an administrator's
     * decision is the service's policy. The other conditions mean something else to clients: reset asks them to
     * reconnect at once (new features or keys, §4.9.3.16), conflict is a newer session of the same resource
     * (§4.9.3.3), system-shutdown is the whole server going down (§4.9.3.17), not-authorized is a stream not yet
     * authenticated (§4.9.3.12) and is what a deleted account gets (XEP-0077 §3.2).
     */
    static final String KICK_CONDITION = "policy-violation";

    private final SessionRegistry registry;
    private final MucService muc;
    private final Announcements announcements;
    private final DomainsProperties domains;

    /** @param muc the chat service, or null when it is off */
    Administration(SessionRegistry registry, MucService muc, Announcements announcements, DomainsProperties domains) {
        this.registry = registry;
        this.muc = muc;
        this.announcements = announcements;
        this.domains = domains;
    }

    @Override
    public List<XmppSession> sessions() {
        List<XmppSession> all = new ArrayList<>();
        for (List<ClientSession> resources : registry.all()) {
            for (ClientSession s : resources) {
                ClientSession.Link link = s.link();
                Element presence = s.presence().available();
                all.add(new XmppSession(s.jid().toString(), s.jid().asBareJid().toString(),
                        s.jid().getResourcepart().toString(), link.address(), link.since(), link.tls(),
                        link.streamManagement(), link.detached(), presence != null, client(presence)));
            }
        }
        all.sort(Comparator.comparing(XmppSession::jid));
        return all;
    }

    /** The XEP-0115 §4 'node' of the presence's caps: "a URI that uniquely identifies a software application". */
    private static String client(Element presence) {
        Element caps = presence == null ? null : presence.child("c", Namespaces.CAPS);
        return caps == null ? null : caps.attribute("node");
    }

    @Override
    public int kick(String jid, String reason) {
        Jid target = jid(jid);
        if (target == null) {
            return 0;
        }
        List<ClientSession> ended = target.hasResource()
                ? (registry.session(target) == null ? List.of() : List.of(registry.session(target)))
                : registry.sessions(target.asBareJid());
        String text = "session ended by an administrator" + (reason == null || reason.isBlank() ? "" : ": " + reason);
        for (ClientSession s : ended) {
            log.info("{}: session ended by an administrator{}", s.jid(), reason == null ? "" : " (" + reason + ")");
            s.end(KICK_CONDITION, text);
        }
        return ended.size();
    }

    @Override
    public List<ChatRoom> rooms() {
        if (muc == null) {
            return List.of();
        }
        try {
            return muc.list(WAIT);
        } catch (Exception e) {
            throw new IllegalStateException("the chat rooms did not answer in " + WAIT.toSeconds() + " s", e);
        }
    }

    @Override
    public boolean destroyRoom(String jid, String reason) {
        Jid room = jid(jid);
        EntityBareJid bare = room == null || room.hasResource() ? null : room.asEntityBareJidIfPossible();
        if (muc == null || bare == null) {
            return false;
        }
        try {
            return muc.destroy(bare, reason, WAIT);
        } catch (Exception e) {
            throw new IllegalStateException("the room " + jid + " did not answer in " + WAIT.toSeconds() + " s", e);
        }
    }

    @Override
    public int announce(String domain, String subject, String body) {
        String served = domain == null ? null : domain.strip().toLowerCase(java.util.Locale.ROOT);
        if (served == null || !domains.isLocal(served)) {
            throw new IllegalArgumentException(domain + " is not a domain of this server");
        }
        return announcements.announce(served, subject, body);
    }

    private static Jid jid(String value) {
        try {
            return value == null ? null : JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return null;
        }
    }
}

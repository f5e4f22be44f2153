package org.parloir.xmpp.im;

import java.util.ArrayList;
import java.util.List;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;

/** XEP-0191 blocking command: block list get, block, unblock, with pushes to the user's resources. */
final class BlockingHandler implements IqHandler {

    private final Im im;
    private final String payload;

    private BlockingHandler(Im im, String payload) {
        this.im = im;
        this.payload = payload;
    }

    /** One handler per payload element: blocklist (get), block and unblock (set). */
    static List<IqHandler> all(Im im) {
        return List.of(new BlockingHandler(im, "blocklist"), new BlockingHandler(im, "block"),
                new BlockingHandler(im, "unblock"));
    }

    @Override
    public String element() {
        return payload;
    }

    @Override
    public String namespace() {
        return Namespaces.BLOCKING;
    }

    @Override
    public Scope scope() {
        return Scope.ACCOUNT;
    }

    @Override
    public Element handle(IqRequest request) {
        if (!request.own()) {
            throw new StanzaException(Condition.FORBIDDEN);
        }
        String owner = request.account().toString();
        String type = request.iq().attribute("type");
        if (payload.equals("blocklist")) {
            if (!"get".equals(type)) {
                throw new StanzaException(Condition.BAD_REQUEST);
            }
            // XEP-0191 §3.2: this resource now gets block and unblock pushes
            request.session().presence().blocklistRequested(true);
            Element.Builder list = Element.builder("blocklist", Namespaces.BLOCKING);
            im.blocklists().load(owner).stream().sorted()
                    .forEach(j -> list.child(Element.builder("item", Namespaces.BLOCKING).attribute("jid", j).build()));
            return Stanzas.result(request.iq(), list.build());
        }
        if (!"set".equals(type)) {
            throw new StanzaException(Condition.BAD_REQUEST);
        }
        List<String> jids = jids(request.payload());
        if (payload.equals("block")) {
            if (jids.isEmpty()) {
                throw new StanzaException(Condition.BAD_REQUEST, "nothing to block");
            }
            im.blocklists().add(owner, jids);
            // XEP-0191 §3.3: those who had the user's presence (subscription or directed) see it end
            for (ClientSession s : im.registry().available(request.account())) {
                for (String jid : jids) {
                    if (hadPresence(owner, s, jid)) {
                        sendTo(jid, Element.builder("presence", Namespaces.CLIENT).attribute("type", "unavailable")
                                .attribute("from", s.jid().toString()).build());
                    }
                }
            }
        } else {
            List<String> unblocked = jids.isEmpty() ? List.copyOf(im.blocklists().load(owner)) : jids;
            if (jids.isEmpty()) {
                im.blocklists().clear(owner);
            } else {
                im.blocklists().remove(owner, jids);
            }
            // XEP-0191 §3.4: contacts entitled to the user's presence get it again, and theirs is probed
            for (String jid : unblocked) {
                RosterItem item = im.rosters().of(owner).item(bareOf(jid));
                for (ClientSession s : im.registry().available(request.account())) {
                    Element current = s.presence().available();
                    if (item.subscription().hasFrom() && current != null) {
                        sendTo(jid, current.withAttribute("to", null));
                    }
                    if (item.subscription().hasTo()) {
                        for (ClientSession theirs : im.registry().available(Im.bare(bareOf(jid)))) {
                            Element p = theirs.presence().available();
                            if (p != null) {
                                s.deliver(p.withAttribute("to", s.jid().toString()));
                            }
                        }
                    }
                }
            }
        }
        Element push = request.payload();
        for (ClientSession s : im.registry().sessions(request.account())) {
            if (!s.presence().blocklistRequested()) {
                continue;
            }
            im.pushTo(s, push);
        }
        return Stanzas.result(request.iq(), null);
    }

    private boolean hadPresence(String owner, ClientSession session, String jid) {
        return session.presence().directedTo().contains(jid)
                || jid.indexOf('@') > 0 && im.rosters().of(owner).item(bareOf(jid)).subscription().hasFrom();
    }

    /** To a full JID's one session, or to every available resource of a bare JID (ours only). */
    private void sendTo(String jid, Element presence) {
        if (jid.indexOf('/') > 0) {
            ClientSession one = im.registry().session(Im.jid(jid));
            if (one != null) {
                one.deliver(presence.withAttribute("to", jid));
            }
        } else if (jid.indexOf('@') > 0) {
            im.toAvailable(jid, presence);
        }
    }

    private static String bareOf(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    private static List<String> jids(Element command) {
        List<String> jids = new ArrayList<>();
        for (Element item : command.elements()) {
            if (item.is("item", Namespaces.BLOCKING)) {
                try {
                    Jid jid = JidCreate.from(item.attribute("jid") == null ? "" : item.attribute("jid"));
                    jids.add(jid.toString());
                } catch (XmppStringprepException | IllegalArgumentException e) {
                    throw new StanzaException(Condition.JID_MALFORMED);
                }
            }
        }
        return jids;
    }
}

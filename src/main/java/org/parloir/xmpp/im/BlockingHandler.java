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
            // XEP-0191 §3.3.2: blocked contacts stop seeing the user's presence
            for (ClientSession s : im.registry().available(request.account())) {
                for (String jid : jids) {
                    im.toAvailable(bareOf(jid), Element.builder("presence", Namespaces.CLIENT)
                            .attribute("type", "unavailable").attribute("from", s.jid().toString()).build());
                }
            }
        } else if (jids.isEmpty()) {
            im.blocklists().clear(owner);
        } else {
            im.blocklists().remove(owner, jids);
        }
        Element push = request.payload();
        for (ClientSession s : im.registry().sessions(request.account())) {
            s.deliver(Element.builder("iq", Namespaces.CLIENT).attribute("type", "set")
                    .attribute("id", "push-" + im.pushIds().incrementAndGet())
                    .attribute("to", s.jid().toString()).child(push).build());
        }
        return Stanzas.result(request.iq(), null);
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
